"""The outbox: nothing sent for a rolled-back change, retries, giving up, crash recovery, no
duplicates, clean-up."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from bookings.models import OutboxMessage, OutboxStatus
from bookings.notifications.delivery import RETRY_MINUTES, deliver
from bookings.notifications.outbox import queue_email
from bookings.notifications.tasks import sweep_outbox
from tests.factories import BookingFactory

DOWN = "tests.bookings.email_backends.DownBackend"
REFUSING = "tests.bookings.email_backends.RefusingBackend"


def queue(**fields) -> OutboxMessage:
    values = {
        "kind": "test",
        "recipient": "sara@example.org",
        "subject": "Din bokning",
        "body_text": "Hej!",
        **fields,
    }
    return queue_email(**values)


def test_a_committed_message_is_sent_once_by_the_worker(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(body_html="<p>Hej!</p>")
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.to, sent.subject) == (["sara@example.org"], "Din bokning")
    assert sent.extra_headers["Message-ID"].startswith(f"<{message.message_id}@")
    assert sent.alternatives[0][1] == "text/html"


def test_a_rendered_message_keeps_its_attachment_and_sends_it(
    db, django_capture_on_commit_callbacks
):
    ics = {
        "filename": "inbjudan.ics",
        "mimetype": "text/calendar",
        "content": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        "params": {"method": "REQUEST"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(attachments=(ics,))

    message.refresh_from_db()
    assert message.attachments == [ics]
    (sent,) = mail.outbox
    (attached,) = sent.attachments
    assert attached.get_filename() == "inbjudan.ics"
    assert attached.get_param("method") == "REQUEST"


def test_a_rolled_back_change_sends_nothing(db, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError("the booking failed")
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_temporary_failures_retry_with_backoff_then_send(db, settings):
    message = queue()
    now = timezone.now()
    settings.EMAIL_BACKEND = DOWN
    assert deliver(message_id=message.pk, now=now) == OutboxStatus.PENDING
    message.refresh_from_db()
    assert message.attempts == 1
    assert message.last_error == "SMTPServerDisconnected"
    assert message.next_attempt_at == now + timedelta(minutes=RETRY_MINUTES[0])

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver(message_id=message.pk, now=now) == "skipped"  # not due yet
    later = message.next_attempt_at
    assert deliver(message_id=message.pk, now=later) == OutboxStatus.SENT
    assert len(mail.outbox) == 1


def test_gives_up_after_the_last_retry_and_keeps_the_row_for_staff(db, settings):
    settings.EMAIL_BACKEND = DOWN
    message = queue()
    now = timezone.now()
    for _ in range(len(RETRY_MINUTES) + 1):
        deliver(message_id=message.pk, now=now)
        now += timedelta(days=1)
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == len(RETRY_MINUTES) + 1
    assert deliver(message_id=message.pk, now=now) == "skipped"


def test_a_refused_recipient_fails_at_once(db, settings):
    settings.EMAIL_BACKEND = REFUSING
    message = queue()
    assert deliver(message_id=message.pk) == OutboxStatus.FAILED
    message.refresh_from_db()
    assert (message.attempts, message.last_error) == (1, "AnymailRecipientsRefused")


def test_a_message_stuck_in_sending_after_a_crash_is_sent_again(db):
    now = timezone.now()
    stuck = queue()
    fresh = queue()
    OutboxMessage.objects.filter(pk=stuck.pk).update(
        status=OutboxStatus.SENDING, claimed_at=now - timedelta(minutes=11)
    )
    OutboxMessage.objects.filter(pk=fresh.pk).update(
        status=OutboxStatus.SENDING, claimed_at=now - timedelta(minutes=1)
    )
    result = sweep_outbox(now=now)  # the test settings run tasks at once
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert result["released"] == 1
    assert stuck.status == OutboxStatus.SENT
    assert fresh.status == OutboxStatus.SENDING  # maybe still being sent: left alone
    assert len(mail.outbox) == 1


def test_delivering_twice_sends_once(db):
    message = queue()
    assert deliver(message_id=message.pk) == OutboxStatus.SENT
    assert deliver(message_id=message.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_the_sweep_retries_due_messages_and_deletes_old_sent_ones(db):
    due = queue()
    old = queue()
    now = timezone.now()
    OutboxMessage.objects.filter(pk=old.pk).update(
        status=OutboxStatus.SENT, sent_at=now - timedelta(days=31)
    )
    result = sweep_outbox(now=now)
    assert result == {"released": 0, "enqueued": 1, "deleted": 1}
    due.refresh_from_db()
    assert due.status == OutboxStatus.SENT
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()


def test_failures_are_logged_without_the_address(db, settings, caplog):
    settings.EMAIL_BACKEND = DOWN
    message = queue(recipient="very.private@example.org")
    deliver(message_id=message.pk)
    assert "very.private" not in caplog.text
    assert f"outbox message {message.pk} attempt 1 failed" in caplog.text


def test_smtp_refusals_are_permanent_for_5xx_and_temporary_for_4xx():
    import smtplib

    from bookings.notifications.delivery import is_permanent

    hard = smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"5.1.1 no such user")})
    soft = smtplib.SMTPRecipientsRefused({"a@example.org": (451, b"4.7.1 try later")})
    assert is_permanent(hard)
    assert not is_permanent(soft)
    assert not is_permanent(smtplib.SMTPServerDisconnected("down"))


def test_a_bare_message_goes_out_as_plain_text_from_the_sites_sender(
    db, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_email(
            kind="test", recipient="sara@example.org", subject="Din bokning", body_text="Hej!"
        )
    message.refresh_from_db()
    assert (message.body_html, message.from_email, message.reply_to) == ("", "", "")
    assert (message.booking_id, message.session_id) == (None, None)
    (sent,) = mail.outbox
    assert sent.alternatives == []
    assert sent.from_email == settings.DEFAULT_FROM_EMAIL
    assert sent.reply_to == []


def test_a_message_remembers_the_booking_and_session_it_is_about(make_offering):
    offering = make_offering(sessions=1)
    booking = BookingFactory(offering=offering)
    session = offering.sessions.get()
    message = queue(booking_id=booking.pk, session_id=session.pk)
    message.refresh_from_db()
    assert (message.booking_id, message.session_id) == (booking.pk, session.pk)


@pytest.mark.parametrize(
    ("codes", "permanent"),
    [((499,), False), ((500,), True), ((550,), True), ((599,), True), ((600,), False),
     ((550, 451), False), ((550, 554), True)],
)
def test_only_5xx_refusals_of_every_recipient_are_permanent(codes, permanent):
    import smtplib

    from bookings.notifications.delivery import is_permanent

    refused = smtplib.SMTPRecipientsRefused(
        {f"r{n}@example.org": (code, b"refused") for n, code in enumerate(codes)}
    )
    assert is_permanent(refused) is permanent


def test_each_failure_is_logged_with_its_error_and_whether_we_give_up(db, settings, caplog):
    settings.EMAIL_BACKEND = DOWN
    temporary = queue()
    deliver(message_id=temporary.pk)
    settings.EMAIL_BACKEND = REFUSING
    permanent = queue()
    deliver(message_id=permanent.pk)
    assert [record.getMessage() for record in caplog.records] == [
        f"outbox message {temporary.pk} attempt 1 failed (SMTPServerDisconnected)",
        f"outbox message {permanent.pk} attempt 1 failed (AnymailRecipientsRefused); giving up",
    ]


def test_an_error_with_an_absurdly_long_name_is_recorded_cut_to_the_column(db, settings):
    long_name = "Provider" + "Unavailable" * 30 + "Error"
    settings.EMAIL_BACKEND = "tests.bookings.email_backends.LongNamedErrorBackend"
    message = queue()
    assert deliver(message_id=message.pk) == OutboxStatus.PENDING
    message.refresh_from_db()
    assert message.last_error == long_name[:200]


def test_the_sweep_leaves_finished_messages_and_not_yet_due_retries_alone(db):
    now = timezone.now()
    sent, failed, later = queue(), queue(), queue()
    long_ago = now - timedelta(hours=1)
    OutboxMessage.objects.filter(pk=sent.pk).update(
        status=OutboxStatus.SENT, claimed_at=long_ago, sent_at=long_ago
    )
    OutboxMessage.objects.filter(pk=failed.pk).update(
        status=OutboxStatus.FAILED, claimed_at=long_ago
    )
    OutboxMessage.objects.filter(pk=later.pk).update(
        attempts=1, next_attempt_at=now + timedelta(minutes=1)
    )

    assert sweep_outbox(now=now) == {"released": 0, "enqueued": 0, "deleted": 0}

    statuses = dict(OutboxMessage.objects.values_list("pk", "status"))
    assert statuses == {
        sent.pk: OutboxStatus.SENT,
        failed.pk: OutboxStatus.FAILED,
        later.pk: OutboxStatus.PENDING,
    }
    assert mail.outbox == []


def test_only_given_up_account_emails_are_deleted_after_a_day(db):
    """A booking message given up stays for staff to see; an account e-mail still waiting or
    being sent is not deleted because its first attempt was long ago."""
    from bookings.notifications.delivery import delete_old_sent

    now = timezone.now()
    two_days_ago = now - timedelta(days=2)
    booking_failed = queue()
    account_failed = queue(kind=OutboxMessage.ACCOUNT_KIND)
    account_waiting = queue(kind=OutboxMessage.ACCOUNT_KIND)
    account_sending = queue(kind=OutboxMessage.ACCOUNT_KIND)
    for message, status in (
        (booking_failed, OutboxStatus.FAILED),
        (account_failed, OutboxStatus.FAILED),
        (account_waiting, OutboxStatus.PENDING),
        (account_sending, OutboxStatus.SENDING),
    ):
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=status, next_attempt_at=two_days_ago
        )

    assert delete_old_sent(now=now) == 1

    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {
        booking_failed.pk,
        account_waiting.pk,
        account_sending.pk,
    }
