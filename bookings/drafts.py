"""What a parent typed into a form, kept in their session across the e-mail check: the booking
form of one offering, or the interest form of one program (one draft at a time)."""

from django.http import HttpRequest

SESSION_KEY = "booking_draft"


def save_draft(
    request: HttpRequest,
    *,
    offering_id: int | None = None,
    program_id: int | None = None,
    data: dict,
) -> None:
    request.session[SESSION_KEY] = {
        "offering_id": offering_id,
        "program_id": program_id,
        "data": data,
    }


def load_draft(
    request: HttpRequest, *, offering_id: int | None = None, program_id: int | None = None
) -> dict | None:
    draft = request.session.get(SESSION_KEY)
    if draft and draft.get("offering_id") == offering_id and draft.get("program_id") == program_id:
        return draft["data"]
    return None


def clear_draft(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
