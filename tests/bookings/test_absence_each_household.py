""" "I can't come this time" is one household's word about one session: it neither depends on
nor changes another household's marks or the same household's other sessions, and a refusal
tells the parent why in a whole sentence."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from bookings.models import Attendance, AttendanceMark
from bookings.services import notify_absence, withdraw_absence
from bookings.services.staff import record_attendance
from tests.conftest import read_in
from tests.factories import BookingFactory, SessionFactory, WaitlistedBookingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(make_offering):
    """Sessions held yesterday, and to come in two and in three weeks."""
    offering = make_offering(sessions=0, capacity=6)
    now = timezone.now()
    for days in (-1, 14, 21):
        SessionFactory(offering=offering, starts_at=now + timedelta(days=days))
    return offering


@pytest.fixture
def sessions(course):
    return list(course.sessions.order_by("starts_at"))


def marks(offering) -> set[tuple[int, int, str]]:
    return set(
        Attendance.objects.filter(session__offering=offering).values_list(
            "booking_id", "session_id", "mark"
        )
    )


NOTIFIED = AttendanceMark.NOTIFIED


def test_two_households_notify_the_same_session_each_for_themselves(course, sessions):
    _held, coming, _later = sessions
    sara, omar = BookingFactory(offering=course), BookingFactory(offering=course)

    notify_absence(booking_id=sara.pk, session_id=coming.pk)
    notify_absence(booking_id=omar.pk, session_id=coming.pk)

    assert marks(course) == {(sara.pk, coming.pk, NOTIFIED), (omar.pk, coming.pk, NOTIFIED)}


def test_a_leaders_mark_of_another_household_does_not_stop_a_notice(course, sessions):
    _held, coming, _later = sessions
    came, cannot = BookingFactory(offering=course), BookingFactory(offering=course)
    record_attendance(session_id=coming.pk, actor=None, marks={came.pk: "present"})

    notify_absence(booking_id=cannot.pk, session_id=coming.pk)

    assert marks(course) == {
        (came.pk, coming.pk, AttendanceMark.PRESENT),
        (cannot.pk, coming.pk, NOTIFIED),
    }


def test_a_household_notifies_each_of_its_sessions_on_its_own(course, sessions):
    held, coming, later = sessions
    booking = BookingFactory(offering=course)
    record_attendance(session_id=held.pk, actor=None, marks={booking.pk: "absent"})

    notify_absence(booking_id=booking.pk, session_id=coming.pk)
    notify_absence(booking_id=booking.pk, session_id=later.pk)

    assert marks(course) == {
        (booking.pk, held.pk, AttendanceMark.ABSENT),
        (booking.pk, coming.pk, NOTIFIED),
        (booking.pk, later.pk, NOTIFIED),
    }


def test_taking_a_notice_back_leaves_other_households_and_other_sessions_alone(course, sessions):
    _held, coming, later = sessions
    sara, omar = BookingFactory(offering=course), BookingFactory(offering=course)
    for booking in (sara, omar):
        for session in (coming, later):
            notify_absence(booking_id=booking.pk, session_id=session.pk)

    withdraw_absence(booking_id=sara.pk, session_id=coming.pk)

    assert marks(course) == {
        (sara.pk, later.pk, NOTIFIED),
        (omar.pk, coming.pk, NOTIFIED),
        (omar.pk, later.pk, NOTIFIED),
    }


# What the parent reads when the page refuses


@pytest.fixture
def english(client):
    read_in(client, "en")
    return client


def refusal(client, booking, session) -> str:
    response = client.post(
        reverse("bookings:absence", args=[booking.token]), {"session": session.pk, "coming": "no"}
    )
    assert response.status_code == 302
    html = BeautifulSoup(client.get(response["Location"]).content.decode(), "html.parser")
    return " ".join(html.select_one(".messages").get_text(" ").split())


def test_each_refusal_says_why_in_a_whole_sentence(english, course, sessions, make_offering):
    held, coming, later = sessions
    later.is_cancelled = True
    later.save()
    booking = BookingFactory(offering=course)
    record_attendance(session_id=coming.pk, actor=None, marks={booking.pk: "present"})
    foreign = make_offering(sessions=1).sessions.get()
    waiting = WaitlistedBookingFactory(offering=course)

    assert refusal(english, booking, coming) == (
        "The leaders have already marked this session for you."
    )
    assert refusal(english, booking, foreign) == "That session is not part of your booking."
    assert refusal(english, waiting, coming) == (
        "Only a confirmed booking has sessions to come to."
    )
    assert refusal(english, booking, held) == (
        "This session has already started, so it can no longer be changed here."
    )
    assert refusal(english, booking, later) == "This session is cancelled."
    assert marks(course) == {(booking.pk, coming.pk, AttendanceMark.PRESENT)}
