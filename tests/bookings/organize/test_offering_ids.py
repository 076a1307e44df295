"""An organizer cannot tell which offering, session or booking ids exist: every admin URL about
one offering answers someone else's offering exactly as it answers an id that does not exist
(404), whether opened or posted to."""

import pytest
from django.urls import reverse

from bookings.models import BookingStatus
from parentsite.demo.accounts import ensure_editors_group
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MISSING = 987_654

# (URL name, which ids it takes): o = offering, s = session, b = booking.
ORGANIZE = [
    ("offering", "o"),
    ("attendance", "o"),
    ("session_attendance", "os"),
    ("print_list", "o"),
    ("print_pdf", "o"),
    ("add_booking", "o"),
    ("cancel_booking", "ob"),
    ("raise_priority", "ob"),
    ("offer_seat", "ob"),
    ("give_seat", "ob"),
    ("move_session", "os"),
    ("cancel_session", "os"),
    ("message", "o"),
    ("capacity", "o"),
    ("cancel_offering", "o"),
]
VIEWSETS = [
    (f"{viewset}:{view}", ids)
    for viewset, ids in (("bookings_offerings", "o"), ("bookings_sessions", "s"))
    for view in ("edit", "delete", "history", "usage")
]


def ids_of(course, *, missing: str = "") -> dict[str, int]:
    """The course's ids, with those named in `missing` replaced by an id that does not exist."""
    ids = {
        "o": course.pk,
        "s": course.sessions.order_by("starts_at")[0].pk,
        "b": course.bookings.filter(status=BookingStatus.WAITLISTED)[0].pk,
    }
    return {key: MISSING if key in missing else value for key, value in ids.items()}


def urls(course, *, missing: str = "") -> dict[str, str]:
    ids = ids_of(course, missing=missing)
    found = {
        name: reverse(f"organize:{name}", args=[ids[key] for key in keys])
        for name, keys in ORGANIZE
    }
    found["export_participants"] = reverse("organize:export_participants", args=[ids["o"], "xlsx"])
    found["print_session"] = found["print_list"] + f"?session={ids['s']}"
    found.update({name: reverse(name, args=[ids[key] for key in keys]) for name, keys in VIEWSETS})
    return found


def answer(client, method: str, url: str) -> tuple[int, str]:
    response = getattr(client, method)(url)
    return response.status_code, response.get("Location", "")


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_elses_ids_and_missing_ids_get_the_same_404(outsider_client, course, method):
    """`outsider_client` organizes another course; `course` is not theirs."""
    theirs = urls(course)
    for missing in ("o", "s", "b"):
        absent = urls(course, missing=missing)
        for name, url in theirs.items():
            if absent[name] == url:
                continue  # this URL does not use the missing kind of id
            assert answer(outsider_client, method, url) == (404, ""), (name, url)
            assert answer(outsider_client, method, absent[name]) == (404, ""), (name, absent[name])


def test_the_organizer_still_gets_in(organizer_client, course):
    for name, url in urls(course).items():
        if name.endswith(("delete", "usage")) or name in {"cancel_booking", "cancel_offering"}:
            continue
        assert organizer_client.get(url).status_code in (200, 405), name


def test_a_page_editor_gets_the_same_answer_for_existing_and_missing_ids(client, course):
    """Staff without any bookings permission: whatever the answer, it does not depend on the
    id existing."""
    editor = UserFactory(username="redaktor")
    editor.groups.add(ensure_editors_group())
    client.force_login(editor)
    theirs = urls(course)
    for missing in ("o", "s", "b"):
        absent = urls(course, missing=missing)
        for name, url in theirs.items():
            if absent[name] != url:
                assert answer(client, "get", url) == answer(client, "get", absent[name]), name


@pytest.mark.parametrize("listing", ["bookings_bookings:index", "bookings_sessions:index"])
def test_filtering_a_listing_by_someone_elses_offering_is_like_a_missing_one(
    outsider_client, course, listing
):
    def listed(offering_id):
        response = outsider_client.get(reverse(listing) + f"?offering={offering_id}")
        assert response.status_code == 200
        return sorted(row.pk for row in response.context["object_list"])

    assert listed(course.pk) == listed(MISSING)
