""" "I can't come this time": a parent marks a coming session from the booking's page and can
take it back until it starts; the leaders see it as a notified absence, not a no-show."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from bookings.models import Attendance, AttendanceMark, BookingStatus
from bookings.services import BookingError, notify_absence, withdraw_absence
from bookings.services.staff import record_attendance
from tests.conftest import read_in
from tests.factories import (
    BookingFactory,
    OfferedBookingFactory,
    SessionFactory,
    WaitlistedBookingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    read_in(client, "en")
    return client


@pytest.fixture
def course(make_offering):
    """Three sessions: one held yesterday, two to come (in two and three weeks)."""
    offering = make_offering(sessions=0, capacity=6)
    now = timezone.now()
    for days in (-1, 14, 21):
        SessionFactory(offering=offering, starts_at=now + timedelta(days=days))
    return offering


@pytest.fixture
def booking(course):
    return BookingFactory(offering=course, name="Sara Nilsson")


def sessions_of(offering):
    return list(offering.sessions.order_by("starts_at"))


def mark_of(booking, session):
    return (
        Attendance.objects.filter(booking=booking, session=session)
        .values_list("mark", flat=True)
        .first()
    )


def page(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def coming_items(html) -> list[str]:
    return [" ".join(li.get_text(" ").split()) for li in html.select(".absence-list__item")]


# The rules


def test_a_notice_is_a_notified_absence_and_taking_it_back_removes_it(booking, course):
    _held, coming, _later = sessions_of(course)

    notify_absence(booking_id=booking.pk, session_id=coming.pk)
    assert mark_of(booking, coming) == AttendanceMark.NOTIFIED
    notify_absence(booking_id=booking.pk, session_id=coming.pk)  # twice: still one mark
    assert Attendance.objects.filter(booking=booking).count() == 1

    withdraw_absence(booking_id=booking.pk, session_id=coming.pk)
    assert mark_of(booking, coming) is None
    withdraw_absence(booking_id=booking.pk, session_id=coming.pk)  # nothing left to take back
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("action", [notify_absence, withdraw_absence])
def test_a_session_that_has_started_cannot_be_changed(booking, course, action):
    held = sessions_of(course)[0]
    with pytest.raises(BookingError) as refused:
        action(booking_id=booking.pk, session_id=held.pk)
    assert refused.value.code == "started"
    assert not Attendance.objects.exists()


def test_the_notice_can_be_taken_back_until_the_minute_the_session_starts(booking, course):
    coming = sessions_of(course)[1]
    notify_absence(booking_id=booking.pk, session_id=coming.pk)
    just_before = coming.starts_at - timedelta(minutes=1)
    withdraw_absence(booking_id=booking.pk, session_id=coming.pk, now=just_before)
    assert mark_of(booking, coming) is None
    with pytest.raises(BookingError):
        notify_absence(booking_id=booking.pk, session_id=coming.pk, now=coming.starts_at)
    assert mark_of(booking, coming) is None


def test_a_cancelled_session_or_another_offerings_session_is_refused(
    booking, course, make_offering
):
    cancelled = sessions_of(course)[2]
    cancelled.is_cancelled = True
    cancelled.save()
    foreign = make_offering(sessions=1).sessions.get()

    for session, code in ((cancelled, "cancelled"), (foreign, "not_found")):
        with pytest.raises(BookingError) as refused:
            notify_absence(booking_id=booking.pk, session_id=session.pk)
        assert refused.value.code == code
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "make",
    [
        WaitlistedBookingFactory,
        OfferedBookingFactory,
        lambda **fields: BookingFactory(status=BookingStatus.CANCELLED, **fields),
    ],
    ids=["waitlisted", "offered", "cancelled"],
)
def test_only_a_confirmed_booking_can_give_notice(course, make):
    booking = make(offering=course)
    with pytest.raises(BookingError) as refused:
        notify_absence(booking_id=booking.pk, session_id=sessions_of(course)[1].pk)
    assert refused.value.code == "status"
    assert not Attendance.objects.exists()


def test_a_leaders_mark_is_not_overwritten_by_the_parent(booking, course):
    coming = sessions_of(course)[1]
    record_attendance(session_id=coming.pk, actor=None, marks={booking.pk: "present"})

    with pytest.raises(BookingError) as refused:
        notify_absence(booking_id=booking.pk, session_id=coming.pk)
    assert refused.value.code == "marked"
    withdraw_absence(booking_id=booking.pk, session_id=coming.pk)
    assert mark_of(booking, coming) == AttendanceMark.PRESENT


def test_a_leader_can_mark_present_a_household_that_came_after_all(booking, course):
    coming = sessions_of(course)[1]
    notify_absence(booking_id=booking.pk, session_id=coming.pk)
    changed = record_attendance(session_id=coming.pk, actor=None, marks={booking.pk: "present"})
    assert changed == 1
    assert mark_of(booking, coming) == AttendanceMark.PRESENT


def test_a_notice_alone_does_not_keep_a_cancelled_booking_on_the_leaders_lists(booking, course):
    from bookings.organize.rosters import attendance_grid

    notify_absence(booking_id=booking.pk, session_id=sessions_of(course)[1].pk)
    booking.status = BookingStatus.CANCELLED
    booking.save()
    assert attendance_grid(offering_id=course.pk).rows == []


# The booking's page


def test_the_page_lists_coming_sessions_each_with_its_own_button(english, booking, course):
    _held, coming, later = sessions_of(course)
    html = page(english.get(reverse("bookings:manage", args=[booking.token])))

    items = html.select(".absence-list__item")
    assert len(items) == 2  # yesterday's session is not offered
    for item, session in zip(items, (coming, later), strict=True):
        form = item.form
        assert form["method"] == "post"
        assert form["action"] == reverse("bookings:absence", args=[booking.token])
        assert form.select_one("input[name=session]")["value"] == str(session.pk)
        assert form.select_one("input[name=coming]")["value"] == "no"
        assert form.select_one("input[name=csrfmiddlewaretoken]")
        button = " ".join(form.button.get_text(" ").split())
        # The visible words, then the date for screen readers: each button names its session.
        assert button.startswith("I can't come")
        local = timezone.localtime(session.starts_at)
        assert f"{local.day} " in button
    assert "You do not need to give a reason" in html.select_one("#coming-heading").parent.text


def test_pressing_i_cant_come_records_it_and_the_page_says_so(english, booking, course):
    coming = sessions_of(course)[1]
    url = reverse("bookings:absence", args=[booking.token])

    response = english.post(url, {"session": coming.pk, "coming": "no"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("bookings:manage", args=[booking.token]))
    assert mark_of(booking, coming) == AttendanceMark.NOTIFIED

    html = page(english.get(response["Location"]))
    assert "The leaders will see that you cannot come" in html.select_one(".messages").text
    first, second = coming_items(html)
    assert "You have said you cannot come." in first and "I can come after all" in first
    assert "You have said" not in second and "I can't come" in second

    english.post(url, {"session": coming.pk, "coming": "yes"})
    assert mark_of(booking, coming) is None
    html = page(english.get(reverse("bookings:manage", args=[booking.token])))
    assert "You have said" not in " ".join(coming_items(html))


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"session": "abc", "coming": "no"},
        {"session": "-1", "coming": "no"},
        {"session": "99999999999999999999", "coming": "no"},
        {"session": "1", "coming": "maybe"},
        {"session": "\x00", "coming": "no"},
    ],
)
def test_a_bad_form_says_so_and_changes_nothing(english, booking, data):
    response = english.post(reverse("bookings:absence", args=[booking.token]), data)
    assert response.status_code in (302, 400)  # NUL bytes are refused before any view
    assert not Attendance.objects.exists()
    if response.status_code == 302:
        html = page(english.get(response["Location"]))
        assert "We could not tell which session you meant" in html.select_one(".messages").text


def test_a_started_session_or_another_bookings_session_is_refused_in_words(
    english, booking, course, make_offering
):
    held = sessions_of(course)[0]
    foreign = make_offering(sessions=1).sessions.get()
    url = reverse("bookings:absence", args=[booking.token])
    for session, words in ((held, "already started"), (foreign, "not part of your booking")):
        response = english.post(url, {"session": session.pk, "coming": "no"})
        html = page(english.get(response["Location"]))
        assert words in html.select_one(".messages").text
    assert not Attendance.objects.exists()


def test_a_wrong_link_finds_nothing_and_get_is_not_allowed(client, booking, course):
    coming = sessions_of(course)[1]
    wrong = reverse("bookings:absence", args=["x" * 43])
    assert client.post(wrong, {"session": coming.pk, "coming": "no"}).status_code == 404
    right = reverse("bookings:absence", args=[booking.token])
    assert client.get(right).status_code == 405
    assert not Attendance.objects.exists()


def test_a_waitlisted_booking_has_no_such_buttons(english, course):
    waiting = WaitlistedBookingFactory(offering=course)
    html = page(english.get(reverse("bookings:manage", args=[waiting.token])))
    assert html.select(".absence-list__item") == []


# What the leaders see


def test_the_leaders_check_list_shows_the_notice_chosen(booking, course, client):
    from tests.bookings.organize.conftest import make_organizer

    coming = sessions_of(course)[1]
    notify_absence(booking_id=booking.pk, session_id=coming.pk)
    leader = make_organizer(course)
    client.force_login(leader)
    url = reverse("organize:session_attendance", args=[course.pk, coming.pk])
    html = page(client.get(url))
    row = next(
        group
        for group in html.select("fieldset.attendance-row")
        if booking.name in group.legend.get_text()
    )
    assert [i["value"] for i in row.select("input[checked]")] == ["notified"]
