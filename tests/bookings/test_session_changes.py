"""Staff move or cancel a session: booked parents are told, and calendars follow: the offering's
series is re-sent under its one UID with a higher SEQUENCE, and expands to exactly the sessions
that take place."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from bookings.calendar import offering_uid
from bookings.models import BookingStatus, OutboxMessage
from bookings.notifications.messages import BookingEmail, queue_booking_email
from bookings.services import announce_session_change, cancel_booking
from tests.bookings.calendars import (
    calendar_of,
    expanded,
    live_times,
    sequences,
    session_times,
    uids,
)
from tests.bookings.sending import send_waiting
from tests.factories import BookingFactory, UserFactory, WaitlistedBookingFactory


def test_moving_a_session_sends_an_update_with_a_higher_sequence(make_offering):
    offering = make_offering(sessions=3)
    seated = BookingFactory(offering=offering, email="sara@example.org")
    WaitlistedBookingFactory(offering=offering, email="omar@example.org")
    queue_booking_email(booking=seated, kind=BookingEmail.CONFIRMED)
    (confirmation,) = send_waiting()
    first_invite = calendar_of(confirmation)
    session = offering.sessions.order_by("starts_at").first()
    session.starts_at += timedelta(hours=1)
    session.ends_at += timedelta(hours=1)
    session.save()

    announce_session_change(session_id=session.pk)

    (message,) = send_waiting()  # the waitlisted household is not told
    assert (message.kind, message.booking_id) == ("session_moved", seated.pk)
    new_time = timezone.localtime(session.starts_at).strftime("%H:%M")
    assert new_time in message.body_text
    assert "<strong>" in message.body_html and new_time in message.body_html
    calendar = calendar_of(message)
    assert calendar["METHOD"] == "REQUEST"
    assert uids(calendar) == uids(first_invite) == {offering_uid(offering)}
    assert min(sequences(calendar)) > max(sequences(first_invite))
    assert expanded(calendar) == live_times(offering)
    starts = [start for start, _end in expanded(calendar)]
    assert session.starts_at.replace(microsecond=0) in starts


def test_cancelling_a_session_leaves_only_that_date_out_of_the_series(make_offering):
    offering = make_offering(sessions=3)
    BookingFactory(offering=offering, email="sara@example.org")
    session = offering.sessions.order_by("starts_at").last()
    session.is_cancelled = True
    session.save()

    announce_session_change(session_id=session.pk)

    (message,) = send_waiting()
    assert message.kind == "session_cancelled"
    calendar = calendar_of(message)
    assert calendar["METHOD"] == "REQUEST"
    assert len(expanded(calendar)) == 2
    assert expanded(calendar) == live_times(offering)


def test_a_cancelled_seat_cancels_every_session_in_the_parents_calendar(make_offering):
    offering = make_offering(sessions=2)
    booking = BookingFactory(offering=offering, email="sara@example.org")
    cancel_booking(booking_id=booking.pk)
    (message,) = send_waiting()
    assert message.kind == "booking_cancelled"
    calendar = calendar_of(message)
    assert calendar["METHOD"] == "CANCEL"
    master, *overrides = calendar.walk("VEVENT")
    assert "RECURRENCE-ID" not in master  # the series as a whole
    assert len(overrides) == 2  # and each session, for clients that only import the file
    for event in (master, *overrides):
        assert (str(event["UID"]), event["STATUS"]) == (offering_uid(offering), "CANCELLED")
    assert expanded(calendar) == session_times(offering.sessions.all())


def test_leaving_the_waitlist_sends_no_calendar_file(make_offering):
    offering = make_offering(capacity=0)
    waiting = WaitlistedBookingFactory(offering=offering, email="omar@example.org")
    cancel_booking(booking_id=waiting.pk)
    (message,) = send_waiting()
    assert (message.kind, message.status) == ("booking_cancelled", "sent")
    assert message.attachments == []


def test_moving_a_session_in_the_admin_tells_the_booked_parents(client, make_offering):
    offering = make_offering(sessions=1)
    BookingFactory(offering=offering, email="sara@example.org", status=BookingStatus.CONFIRMED)
    session = offering.sessions.get()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    new_start = session.starts_at + timedelta(days=1)
    response = client.post(
        reverse("bookings_sessions:edit", args=[session.pk]),
        {
            "offering": offering.pk,
            "starts_at": new_start.strftime("%Y-%m-%d %H:%M"),
            "ends_at": (new_start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            "venue": "",
        },
    )
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(kind="session_moved").count() == 1
