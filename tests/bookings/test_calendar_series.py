"""Every calendar object we send holds one UID (the offering's), its METHOD equals the MIME
method, it expands to exactly the sessions that take place, and the SEQUENCE of what one parent
receives only grows."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import vobject
from django.utils import timezone

from bookings.calendar import offering_uid
from bookings.models import OutboxMessage, Session
from bookings.services import announce_session_change, book_offering, cancel_booking
from bookings.services.sessions import announce_session_added
from tests.bookings.calendars import calendar_of, expanded, live_times, sequences, uids
from tests.bookings.sending import send_waiting
from tests.factories import SessionFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def weekly(offering, *weeks: int, hour: int = 18) -> list[Session]:
    first = datetime(2027, 3, 4, hour, 0, tzinfo=STOCKHOLM)
    return [
        SessionFactory(
            offering=offering,
            starts_at=first + timedelta(weeks=week),
            ends_at=first + timedelta(weeks=week, hours=2.5),
        )
        for week in weeks
    ]


def parents_messages(booking) -> list[OutboxMessage]:
    """What the parent has been sent so far (the worker sends what is waiting first)."""
    send_waiting()
    return list(OutboxMessage.objects.filter(booking=booking).order_by("pk"))


def assert_well_formed(message: OutboxMessage, offering) -> None:
    (attachment,) = message.attachments
    calendar = calendar_of(message)
    assert calendar["METHOD"] == attachment["params"]["method"]
    assert uids(calendar) == {offering_uid(offering)}
    vobject.readOne(attachment["content"])  # a second parser accepts it


def book(offering):
    return book_offering(
        offering_id=offering.pk,
        email="sara@example.org",
        name="Sara",
        now=datetime(2027, 2, 1, tzinfo=STOCKHOLM),
    )


def test_a_single_evening_is_a_single_event(make_offering):
    offering = make_offering(sessions=0)
    weekly(offering, 0, hour=18)
    book(offering)

    (message,) = send_waiting()
    assert_well_formed(message, offering)
    (event,) = calendar_of(message).walk("VEVENT")
    assert "RRULE" not in event and "RECURRENCE-ID" not in event
    assert expanded(calendar_of(message)) == live_times(offering)


def test_a_course_stays_exact_through_a_move_an_added_and_a_cancelled_session(make_offering):
    offering = make_offering(sessions=0)
    sessions = weekly(offering, 0, 1, 3, 4)  # a skipped week
    booking = book(offering)

    moved = sessions[1]
    moved.starts_at += timedelta(days=1, hours=-1)
    moved.ends_at += timedelta(days=1, hours=-1)
    moved.save()
    announce_session_change(session_id=moved.pk)
    (added,) = weekly(offering, 6, hour=17)
    announce_session_added(session_id=added.pk)
    sessions[2].is_cancelled = True
    sessions[2].save()
    announce_session_change(session_id=sessions[2].pk)

    messages = parents_messages(booking)
    assert [m.kind for m in messages] == [
        "booking_confirmed",
        "session_moved",
        "session_added",
        "session_cancelled",
    ]
    for message in messages:
        assert_well_formed(message, offering)
    assert expanded(calendar_of(messages[-1])) == live_times(offering)
    assert len(expanded(calendar_of(messages[-1]))) == 4
    assert (added.starts_at, added.ends_at) in expanded(calendar_of(messages[2]))

    cancel_booking(booking_id=booking.pk)
    messages = parents_messages(booking)
    assert calendar_of(messages[-1])["METHOD"] == "CANCEL"
    received = [max(sequences(calendar_of(m))) for m in messages]
    assert received == sorted(set(received))  # strictly increasing, CANCEL included


def test_a_monthly_meetup_date_booked_on_its_own_is_its_own_series(make_offering):
    march, april = make_offering(sessions=0), make_offering(sessions=0)
    weekly(march, 0)
    weekly(april, 4)
    book(march)
    book(april)

    first, second = send_waiting()
    assert uids(calendar_of(first)) == {offering_uid(march)}
    assert uids(calendar_of(second)) == {offering_uid(april)}


def test_the_files_stamp_is_the_time_of_sending(make_offering):
    offering = make_offering(sessions=0)
    weekly(offering, 0, 1)  # after the booking date, whatever day the tests run
    before = timezone.now().replace(microsecond=0)
    book(offering)

    (message,) = send_waiting()
    calendar = calendar_of(message)
    stamps = {event.decoded("DTSTAMP") for event in calendar.walk("VEVENT")}
    assert all(stamp >= before for stamp in stamps)
