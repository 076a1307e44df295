"""Every organizer screen, action and export: another offering's organizer gets no data.

Organizers are assigned to offerings (`Offering.organizers`); booking administrators
(superusers or `bookings.manage_all_offerings`) see all. The same URLs opened by a superuser
show the data, so each check below would catch a leak.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from bookings.models import Attendance, Booking, BookingStatus, OutboxMessage
from bookings.permissions import ALL_OFFERINGS_PERMISSION
from tests.factories import UserFactory

DENIED = (302, 403, 404)


def course_urls(course) -> dict[str, str]:
    """Every admin URL that shows something about `course` or its households."""
    session = course.sessions.order_by("starts_at")[0]
    booking = course.bookings.filter(status=BookingStatus.CONFIRMED)[0]
    organize = {
        "offering": [course.pk],
        "attendance": [course.pk],
        "session_attendance": [course.pk, session.pk],
        "print_list": [course.pk],
        "print_pdf": [course.pk],
        "export_participants": [course.pk, "csv"],
        "add_booking": [course.pk],
        "cancel_booking": [course.pk, booking.pk],
        "move_session": [course.pk, session.pk],
        "cancel_session": [course.pk, session.pk],
        "message": [course.pk],
        "capacity": [course.pk],
    }
    urls = {name: reverse(f"organize:{name}", args=args) for name, args in organize.items()}
    urls["export_xlsx"] = reverse("organize:export_participants", args=[course.pk, "xlsx"])
    urls["print_session"] = urls["print_list"] + f"?session={session.pk}"
    urls["pdf_session"] = urls["print_pdf"] + f"?session={session.pk}"
    for view in ("edit", "delete", "history", "usage"):
        urls[f"offering_{view}"] = reverse(f"bookings_offerings:{view}", args=[course.pk])
        urls[f"session_{view}"] = reverse(f"bookings_sessions:{view}", args=[session.pk])
    return urls


def listing_urls(course) -> dict[str, str]:
    """Listings anyone with admin access may open; they must not include `course`."""
    return {
        "offerings": reverse("bookings_offerings:index"),
        "offerings_filtered": reverse("bookings_offerings:index") + f"?program={course.program_id}",
        "sessions": reverse("bookings_sessions:index") + f"?offering={course.pk}",
        "bookings": reverse("bookings_bookings:index") + f"?offering={course.pk}",
        "outbox": reverse("bookings_outbox:index"),
        "statistics": reverse("organize:statistics") + "?year=all",
        "statistics_csv": reverse("organize:statistics_export", args=["csv"]) + "?year=all",
        "dashboard": reverse("wagtailadmin_home"),
    }


def secrets_of(course) -> list[str]:
    """What must never reach another offering's organizer."""
    bookings = list(course.bookings.all())
    return [b.name for b in bookings] + [b.phone for b in bookings] + [b.email for b in bookings]


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.fixture
def marked_course(course, other_course):
    """The course with attendance and a queued e-mail, so every screen has data to leak."""
    session = course.sessions.order_by("starts_at")[0]
    for booking in course.bookings.filter(status=BookingStatus.CONFIRMED):
        Attendance.objects.create(booking=booking, session=session, present=True)
    OutboxMessage.objects.create(
        kind="booking_confirmed",
        recipient=course.bookings.first().email,
        subject="x",
        body_text="x",
        booking=course.bookings.first(),
    )
    return course


def test_another_offerings_organizer_gets_nothing(outsider_client, marked_course):
    secrets = secrets_of(marked_course)
    for name, url in course_urls(marked_course).items():
        response = outsider_client.get(url)
        text = body(response)
        assert response.status_code in DENIED, (name, response.status_code)
        assert not any(secret in text for secret in secrets), name
    for name, url in listing_urls(marked_course).items():
        response = outsider_client.get(url)
        text = body(response)
        assert not any(secret in text for secret in secrets), name
        assert marked_course.title not in text, name


def test_another_offerings_organizer_changes_nothing(outsider_client, marked_course):
    def bookings_now():
        return list(Booking.objects.order_by("pk").values_list("pk", "status", "waitlist_priority"))

    before = bookings_now()
    sessions_before = list(marked_course.sessions.values_list("starts_at", "is_cancelled"))
    session = marked_course.sessions.order_by("starts_at")[0]
    booking = marked_course.bookings.filter(status=BookingStatus.CONFIRMED)[0]
    waiting = marked_course.bookings.filter(status=BookingStatus.WAITLISTED)[0]
    posts = {
        "add_booking": ([marked_course.pk], {"name": "X", "persons": "1", "language": "sv"}),
        "cancel_booking": ([marked_course.pk, booking.pk], {"reason": "x"}),
        "raise_priority": ([marked_course.pk, waiting.pk], {}),
        "offer_seat": ([marked_course.pk, waiting.pk], {}),
        "give_seat": ([marked_course.pk, waiting.pk], {}),
        "capacity": ([marked_course.pk], {"capacity": "60"}),
        "move_session": (
            [marked_course.pk, session.pk],
            {"starts_at": "2030-01-01 10:00", "ends_at": "2030-01-01 12:00"},
        ),
        "cancel_session": ([marked_course.pk, session.pk], {}),
        "message": ([marked_course.pk], {"subject": "x", "body": "x"}),
        "session_attendance": ([marked_course.pk, session.pk], {f"mark-{booking.pk}": "absent"}),
    }
    outbox_before = OutboxMessage.objects.count()
    for name, (args, data) in posts.items():
        response = outsider_client.post(reverse(f"organize:{name}", args=args), data)
        assert response.status_code in DENIED, (name, response.status_code)
    assert bookings_now() == before
    assert list(marked_course.sessions.values_list("starts_at", "is_cancelled")) == sessions_before
    assert not Attendance.objects.filter(present=False).exists()
    assert OutboxMessage.objects.count() == outbox_before
    marked_course.refresh_from_db()
    assert marked_course.capacity == 6


def test_a_page_editor_sees_no_bookings(client, marked_course):
    from parentsite.demo.accounts import ensure_editors_group

    editor = UserFactory(username="redaktor")
    editor.groups.add(ensure_editors_group())
    client.force_login(editor)
    secrets = secrets_of(marked_course)
    for url in [*course_urls(marked_course).values(), *listing_urls(marked_course).values()]:
        text = body(client.get(url))
        assert not any(secret in text for secret in secrets), url


def test_the_same_screens_show_data_to_the_courses_organizer_and_administrators(
    organizer_client, client, marked_course
):
    """The control: the checks above fail if access is given to the wrong people."""
    names = [b.name for b in marked_course.bookings.filter(status=BookingStatus.CONFIRMED)]
    data_screens = ["offering", "attendance", "session_attendance", "print_list"]
    urls = course_urls(marked_course)
    for name in [*data_screens, "export_participants"]:
        response = organizer_client.get(urls[name])
        assert response.status_code == 200, name
        assert names[0] in body(response), name

    manager = UserFactory(username="samordnare")
    codenames = ["access_admin", ALL_OFFERINGS_PERMISSION.split(".")[1]]
    manager.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(manager)
    for name in data_screens:
        response = client.get(urls[name])
        assert response.status_code == 200, name
        assert names[0] in body(response), name
