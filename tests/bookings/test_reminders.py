"""A reminder before each session, once per booking and session, at the offering's lead time."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings.models import BookingStatus, OfferingStatus, OutboxMessage
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


def test_a_session_that_has_started_gets_no_reminder(make_offering):
    offering = offering_starting_in(make_offering, hours=-1)
    BookingFactory(offering=offering)
    assert send_session_reminders() == 0


def test_a_lead_time_over_a_week_reminds_a_week_before(make_offering):
    """Reminders are looked for a week ahead at most (LONGEST_REMINDER_LEAD)."""
    offering = offering_starting_in(make_offering, hours=190, reminder_hours=200)
    BookingFactory(offering=offering)
    assert send_session_reminders() == 0
    later = offering.sessions.get().starts_at - timedelta(hours=160)
    assert send_session_reminders(now=later) == 1


def test_a_group_not_published_sends_no_reminders(make_offering):
    offering = offering_starting_in(make_offering, hours=5, status=OfferingStatus.DRAFT)
    BookingFactory(offering=offering)
    assert send_session_reminders() == 0


def test_a_lead_time_of_one_hour(make_offering):
    offering = offering_starting_in(make_offering, hours=0.5, reminder_hours=1)
    BookingFactory(offering=offering)
    assert send_session_reminders() == 1


def test_the_reminder_is_due_exactly_at_the_lead_time(make_offering):
    offering = offering_starting_in(make_offering, hours=30)
    BookingFactory(offering=offering)
    due = offering.sessions.get().starts_at - timedelta(hours=24)
    assert send_session_reminders(now=due) == 1


def test_a_group_with_a_short_lead_time_does_not_hold_back_another(make_offering):
    soon = offering_starting_in(make_offering, hours=10, reminder_hours=2)
    later = offering_starting_in(make_offering, hours=20, reminder_hours=48)
    BookingFactory(offering=soon)
    reminded = BookingFactory(offering=later)
    assert send_session_reminders() == 1
    assert OutboxMessage.objects.get().booking_id == reminded.pk


def test_each_session_within_the_lead_time_gets_its_own_reminder(make_offering):
    offering = offering_starting_in(make_offering, hours=5)
    start = timezone.now() + timedelta(hours=9)
    SessionFactory(offering=offering, starts_at=start, ends_at=start + timedelta(hours=2))
    BookingFactory(offering=offering)
    assert send_session_reminders() == 2
    assert OutboxMessage.objects.values("session").distinct().count() == 2


def test_a_household_told_the_session_moved_is_still_reminded(make_offering):
    offering = offering_starting_in(make_offering, hours=5)
    booking = BookingFactory(offering=offering)
    OutboxMessage.objects.create(
        kind="session_moved", booking=booking, session=offering.sessions.get(), recipient="x"
    )
    assert send_session_reminders() == 1
    assert OutboxMessage.objects.filter(kind="session_reminder", booking=booking).exists()


def test_only_the_groups_own_households_are_reminded_of_its_session(make_offering):
    soon = offering_starting_in(make_offering, hours=5)
    later = offering_starting_in(make_offering, hours=50)
    reminded = BookingFactory(offering=soon)
    BookingFactory(offering=later)
    assert send_session_reminders() == 1
    assert OutboxMessage.objects.get().booking_id == reminded.pk


def test_the_run_counts_every_reminder_it_queued(make_offering):
    offering = offering_starting_in(make_offering, hours=5)
    BookingFactory.create_batch(3, offering=offering)
    assert send_session_reminders() == 3


def test_a_booking_whose_id_equals_a_reminders_id_is_still_reminded(make_offering):
    """Who was reminded is read from the reminders' bookings, not from the reminders' ids."""
    offering = offering_starting_in(make_offering, hours=5)
    session = offering.sessions.get()
    first, second = BookingFactory.create_batch(2, offering=offering)
    OutboxMessage.objects.create(
        pk=second.pk, kind="session_reminder", booking=first, session=session, recipient="x"
    )
    assert send_session_reminders() == 1
    assert OutboxMessage.objects.filter(kind="session_reminder", booking=second).exists()


def test_a_reminder_another_run_queued_meanwhile_is_skipped_and_the_rest_still_go(
    make_offering, monkeypatch
):
    """Two runs at once (the timer on two machines): the reminder the other run queued after
    this one looked is refused by the database, and this run goes on with the next household."""
    from bookings.services import sessions

    offering = offering_starting_in(make_offering, hours=5)
    session = offering.sessions.get()
    first, raced, last = BookingFactory.create_batch(3, offering=offering)
    queue = sessions.queue_booking_email

    def the_other_run_queues_one_meanwhile(*, booking, **message):
        if booking.pk == first.pk:
            queue(booking=raced, **message)  # the other run, while this one sent the first
        return queue(booking=booking, **message)

    monkeypatch.setattr(sessions, "queue_booking_email", the_other_run_queues_one_meanwhile)
    assert send_session_reminders() == 2
    reminded = OutboxMessage.objects.filter(session=session).values_list("booking_id", flat=True)
    assert sorted(reminded) == [first.pk, raced.pk, last.pk]
