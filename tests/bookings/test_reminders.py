"""A reminder before each session, once per booking and session, at the offering's lead time."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings.models import BookingStatus, OutboxMessage
from bookings.services import send_session_reminders
from bookings.tasks import send_due_reminders
from tests.factories import BookingFactory, SessionFactory, WaitlistedBookingFactory


def offering_starting_in(make_offering, hours: float, **fields):
    offering = make_offering(sessions=0, **fields)
    start = timezone.now() + timedelta(hours=hours)
    SessionFactory(offering=offering, starts_at=start, ends_at=start + timedelta(hours=2))
    return offering


def test_booked_households_are_reminded_the_day_before(make_offering):
    offering = offering_starting_in(make_offering, hours=20)
    seated = BookingFactory(offering=offering, email="sara@example.org")
    WaitlistedBookingFactory(offering=offering, email="omar@example.org")
    assert send_session_reminders() == 1
    (message,) = OutboxMessage.objects.all()
    assert (message.kind, message.booking_id) == ("session_reminder", seated.pk)
    assert message.session_id == offering.sessions.get().pk


def test_reminders_are_sent_once_however_often_the_job_runs(make_offering):
    offering = offering_starting_in(make_offering, hours=3)
    BookingFactory(offering=offering)
    send_session_reminders()
    assert send_session_reminders() == 0
    send_due_reminders.enqueue()
    assert OutboxMessage.objects.count() == 1


def test_no_reminder_before_the_lead_time_or_when_turned_off(make_offering):
    early = offering_starting_in(make_offering, hours=30)  # default lead: 24 hours
    off = offering_starting_in(make_offering, hours=2, reminder_hours=0)
    BookingFactory(offering=early)
    BookingFactory(offering=off)
    assert send_session_reminders() == 0


def test_each_offering_sets_its_own_lead_time(make_offering):
    offering = offering_starting_in(make_offering, hours=40, reminder_hours=48)
    BookingFactory(offering=offering, status=BookingStatus.CONFIRMED)
    assert send_session_reminders() == 1


def test_cancelled_sessions_get_no_reminder(make_offering):
    offering = offering_starting_in(make_offering, hours=5)
    offering.sessions.update(is_cancelled=True)
    BookingFactory(offering=offering)
    assert send_session_reminders() == 0


def test_the_database_refuses_a_second_reminder_for_the_same_session(make_offering):
    offering = offering_starting_in(make_offering, hours=5)
    booking = BookingFactory(offering=offering)
    session = offering.sessions.get()
    fields = {"kind": "session_reminder", "booking": booking, "session": session}
    OutboxMessage.objects.create(recipient="a@example.org", subject="s", body_text="b", **fields)
    try:
        with transaction.atomic():
            OutboxMessage.objects.create(
                recipient="a@example.org", subject="s", body_text="b", **fields
            )
    except IntegrityError:
        return
    raise AssertionError("a second reminder row was accepted")
