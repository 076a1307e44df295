"""What a parent typed into the booking form, kept in their session across the e-mail check."""

from django.http import HttpRequest

SESSION_KEY = "booking_draft"


def save_draft(request: HttpRequest, *, offering_id: int, data: dict) -> None:
    request.session[SESSION_KEY] = {"offering_id": offering_id, "data": data}


def load_draft(request: HttpRequest, *, offering_id: int) -> dict | None:
    draft = request.session.get(SESSION_KEY)
    if draft and draft.get("offering_id") == offering_id:
        return draft["data"]
    return None


def clear_draft(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
