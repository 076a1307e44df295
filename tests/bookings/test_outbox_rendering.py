"""The worker renders each booking message from its outbox row when it sends it: the change
only recorded what happened. A booking that changes again before the message leaves still gets
messages that say what happened, nothing that is no longer true, calendar files whose SEQUENCE
only grows, and each message exactly once."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from bookings.models import Booking, OutboxMessage, OutboxStatus
from bookings.notifications.delivery import deliver
from bookings.notifications.tasks import sweep_outbox
from bookings.services import accept_offer, announce_session_change, book_offering, cancel_booking
from tests.bookings.calendars import calendar_of, expanded, live_times, sequences
from tests.bookings.sending import send_waiting
from tests.factories import BookingFactory, WaitlistedBookingFactory

DOWN = "tests.bookings.email_backends.DownBackend"


def book(offering, email="sara@example.org"):
    return book_offering(offering_id=offering.pk, email=email, name="Sara", language="en")


def sent_to(email: str) -> list:
    return [message for message in mail.outbox if message.to == [email]]


def invite_of(email_message):
    """The text/calendar alternative of a sent e-mail (the card calendars show), or None."""
    for content, mimetype in email_message.alternatives:
        if mimetype == "text/calendar":
            return content.get_payload(decode=True).decode()
    return None


def test_the_booking_writes_what_happened_and_the_worker_renders_it(make_offering):
    offering = make_offering(sessions=2)
    booking = book(offering)

    row = OutboxMessage.objects.get(booking=booking)
    assert (row.kind, row.recipient, row.status) == (
        "booking_confirmed",
        "sara@example.org",
        OutboxStatus.PENDING,
    )
    assert (row.subject, row.body_text, row.body_html, row.attachments) == ("", "", "", [])
    assert row.facts == {"calendar": "REQUEST"}
    assert mail.outbox == []

    assert deliver(message_id=row.pk) == OutboxStatus.SENT
    row.refresh_from_db()
    (sent,) = mail.outbox
    assert row.subject == sent.subject == "Your seat is booked"
    assert row.body_text == sent.body and "Sara" in sent.body
    assert calendar_of(row)["METHOD"] == "REQUEST"
    assert invite_of(sent) == row.attachments[0]["content"]
    assert expanded(calendar_of(row)) == live_times(offering)


def test_confirmed_then_cancelled_before_sending_tells_both_and_never_invites(make_offering):
    offering = make_offering(sessions=2)
    booking = book(offering)
    cancel_booking(booking_id=booking.pk)

    confirmation, cancellation = send_waiting()

    assert [m.subject for m in sent_to("sara@example.org")] == [
        "Your seat is booked",  # what happened first, told as it happened
        "Your booking is cancelled",
    ]
    # No invite may put the cancelled booking into her calendar, however late it arrives.
    assert confirmation.attachments == [] and invite_of(mail.outbox[0]) is None
    assert "calendar invite is attached" not in confirmation.body_text
    assert calendar_of(cancellation)["METHOD"] == "CANCEL"


def test_a_session_moved_before_the_confirmation_left_is_shown_at_its_new_time(make_offering):
    offering = make_offering(sessions=2)
    book(offering)
    session = offering.sessions.order_by("starts_at").first()
    old_start = session.starts_at
    session.starts_at += timedelta(days=1, hours=1)
    session.ends_at += timedelta(days=1, hours=1)
    session.save()
    announce_session_change(session_id=session.pk)

    confirmation, moved = send_waiting()

    assert (confirmation.kind, moved.kind) == ("booking_confirmed", "session_moved")
    new_time = timezone.localtime(session.starts_at).strftime("%H:%M")
    old_day = timezone.localtime(old_start).strftime("%A %-d %B")
    assert new_time in confirmation.body_text and old_day not in confirmation.body_text
    for message in (confirmation, moved):
        assert expanded(calendar_of(message)) == live_times(offering)
    assert min(sequences(calendar_of(moved))) > max(sequences(calendar_of(confirmation)))


def test_sequence_is_taken_when_sent_so_a_late_message_never_goes_backwards(
    make_offering, settings
):
    """The move is sent first and the confirmation after it (e.g. a provider failure delayed
    it): the confirmation's file is the newer one, and tells the series as it is now."""
    offering = make_offering(sessions=2)
    booking = book(offering)
    session = offering.sessions.order_by("starts_at").first()
    session.starts_at += timedelta(hours=1)
    session.ends_at += timedelta(hours=1)
    session.save()
    announce_session_change(session_id=session.pk)
    confirmation, moved = OutboxMessage.objects.filter(booking=booking).order_by("pk")

    settings.EMAIL_BACKEND = DOWN
    assert deliver(message_id=confirmation.pk) == OutboxStatus.PENDING  # retried later
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver(message_id=moved.pk) == OutboxStatus.SENT
    later = timezone.now() + timedelta(minutes=2)
    assert deliver(message_id=confirmation.pk, now=later) == OutboxStatus.SENT

    moved_row, confirmation_row = sent_rows(booking)
    assert (moved_row.kind, confirmation_row.kind) == ("session_moved", "booking_confirmed")
    first, second = calendar_of(moved_row), calendar_of(confirmation_row)
    assert min(sequences(second)) > max(sequences(first))
    assert expanded(second) == live_times(offering)


def sent_rows(booking) -> list[OutboxMessage]:
    """The booking's messages in the order they were sent."""
    return list(OutboxMessage.objects.filter(booking=booking).order_by("sent_at", "pk"))


def test_a_place_in_line_is_the_one_held_when_the_message_is_sent(make_offering):
    offering = make_offering(capacity=1)
    BookingFactory(offering=offering)
    ahead = WaitlistedBookingFactory(offering=offering)
    book(offering)  # number 2 in line
    cancel_booking(booking_id=ahead.pk)  # the household ahead leaves the waitlist

    send_waiting()
    (message,) = [m for m in mail.outbox if m.subject == "You are on the waitlist"]
    assert "You are number 1 in line." in message.body


def test_a_waitlist_message_sent_after_a_promotion_says_so_and_the_promotion_follows(
    make_offering,
):
    offering = make_offering(capacity=1)
    seated = BookingFactory(offering=offering)
    book(offering)
    cancel_booking(booking_id=seated.pk)  # Sara is promoted before her first message left

    send_waiting()
    waitlisted, promoted = sent_to("sara@example.org")
    assert waitlisted.subject == "You are on the waitlist"
    assert "on the waitlist" in waitlisted.body and "in line" not in waitlisted.body
    assert promoted.subject == "You got a seat from the waitlist"
    assert invite_of(promoted) is not None


def test_an_offer_accepted_before_its_message_left_still_gives_the_deadline_offered(
    make_offering,
):
    offering = make_offering(capacity=1, waitlist_policy="offer", offer_hours=48)
    seat = BookingFactory(offering=offering)
    waiting = WaitlistedBookingFactory(offering=offering, email="omar@example.org", language="en")
    cancel_booking(booking_id=seat.pk)
    waiting.refresh_from_db()
    deadline = timezone.localtime(waiting.offer_expires_at)
    accept_offer(booking_id=waiting.pk)

    send_waiting()
    offer, confirmation = sent_to("omar@example.org")
    assert f"{deadline:%H:%M}" in offer.body and "Please answer by" in offer.body
    assert invite_of(confirmation) is not None


def test_each_message_is_sent_once_even_when_its_task_runs_twice_and_the_sweep_runs_too(
    make_offering, django_capture_on_commit_callbacks
):
    offering = make_offering(sessions=2)
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task after commit
        first = book(offering, "a@example.org")
        book(offering, "b@example.org")
        cancel_booking(booking_id=first.pk)
    rows = list(OutboxMessage.objects.order_by("pk"))
    for row in rows:  # the same task delivered again, then the periodic sweep
        assert deliver(message_id=row.pk) == "skipped"
    sweep_outbox(now=timezone.now() + timedelta(hours=1))

    assert [row.status for row in OutboxMessage.objects.order_by("pk")] == ["sent"] * 3
    message_ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert len(message_ids) == len(set(message_ids)) == 3


def test_a_message_whose_booking_was_deleted_is_given_up_unsent(make_offering):
    offering = make_offering()
    booking = book(offering)
    row = OutboxMessage.objects.get(booking=booking)
    Booking.objects.filter(pk=booking.pk).delete()

    assert deliver(message_id=row.pk) == OutboxStatus.FAILED
    row.refresh_from_db()
    assert (row.status, row.last_error) == (OutboxStatus.FAILED, "BookingGone")
    assert mail.outbox == []


def test_what_only_the_moment_knows_is_recorded_on_the_row(make_offering):
    offering = make_offering(capacity=1, waitlist_policy="offer")
    seated = BookingFactory(offering=offering, email="sara@example.org")
    waiting = WaitlistedBookingFactory(offering=offering, email="omar@example.org")
    cancel_booking(booking_id=seated.pk, staff_reason="The leader is ill.")
    waiting.refresh_from_db()

    cancelled = OutboxMessage.objects.get(booking=seated)
    assert cancelled.facts == {"calendar": "CANCEL", "staff_text": "The leader is ill."}
    offer = OutboxMessage.objects.get(booking=waiting)
    assert offer.facts == {"deadline": waiting.offer_expires_at.isoformat()}
