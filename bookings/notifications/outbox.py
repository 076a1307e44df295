"""The durable outbox: queue inside a transaction, deliver once, retry, recover, clean up.

A message is a row written in the same transaction as the change that causes it, so a
rolled-back booking sends nothing. After the commit a task tries to deliver it. Delivery first
*claims* the row with a conditional UPDATE (pending -> sending), so two workers never send the
same row. A temporary failure puts the row back with a later `next_attempt_at` (backoff); a
permanent one, or too many attempts, marks it failed for staff to see. A worker that dies
mid-send leaves the row in "sending"; the sweep puts such rows back after `STUCK_AFTER`. That
is the one case in which a message can go out twice (the provider accepted it, then the worker
died before recording it): the stable Message-ID lets mail systems recognise the duplicate.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from email.mime.text import MIMEText

from anymail.exceptions import AnymailInvalidAddress, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from bookings.models import OutboxMessage, OutboxStatus

from .bounces import is_undeliverable

logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, ... failed attempt; after the last one, give up.
RETRY_MINUTES = (1, 5, 15, 60, 180)
STUCK_AFTER = timedelta(minutes=10)
KEEP_SENT_FOR = timedelta(days=30)
PERMANENT_ERRORS = (AnymailInvalidAddress, AnymailRecipientsRefused)


def is_permanent(error: Exception) -> bool:
    """Will trying again never help? A refused address (anymail), or an SMTP server that
    refused every recipient with a 5xx code (a 4xx refusal is worth another try)."""
    if isinstance(error, PERMANENT_ERRORS):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _reply in error.recipients.values())
    return False


def queue_email(
    *,
    kind: str,
    recipient: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    attachments: list[dict] | tuple = (),
    booking_id: int | None = None,
    session_id: int | None = None,
    from_email: str = "",
    reply_to: str = "",
) -> OutboxMessage:
    """Write a message to the outbox; it is handed to the worker when the transaction commits."""
    from bookings.tasks import send_outbox_message

    message = OutboxMessage.objects.create(
        kind=kind,
        booking_id=booking_id,
        session_id=session_id,
        recipient=recipient,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        attachments=list(attachments),
        from_email=from_email,
        reply_to=reply_to,
    )
    transaction.on_commit(lambda: send_outbox_message.enqueue(message_id=message.pk))
    return message


def _claim(message_id: int, now: datetime) -> bool:
    """pending -> sending, for exactly one caller, and only when the message is due."""
    return bool(
        OutboxMessage.objects.filter(
            pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now
        ).update(status=OutboxStatus.SENDING, claimed_at=now)
    )


def _as_email(message: OutboxMessage) -> EmailMultiAlternatives:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email or None,
        to=[message.recipient],
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={"Message-ID": f"<{message.message_id}@{domain}>"},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(_mime_part(attachment))
    return email


def _mime_part(attachment: dict) -> MIMEText:
    """A text attachment with its Content-Type parameters (e.g. text/calendar; method=REQUEST,
    which calendar clients need to show an invitation)."""
    maintype, subtype = attachment["mimetype"].split("/", 1)
    if maintype != "text":
        raise ValueError("the outbox only carries text attachments")
    part = MIMEText(attachment["content"], subtype, "utf-8")
    for name, value in attachment.get("params", {}).items():
        part.set_param(name, value)
    part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
    return part


def deliver(*, message_id: int, now: datetime | None = None) -> str:
    """Try to send one message; returns its status afterwards (or "skipped")."""
    now = now or timezone.now()
    if not _claim(message_id, now):
        return "skipped"
    message = OutboxMessage.objects.get(pk=message_id)
    if is_undeliverable(message.recipient):
        OutboxMessage.objects.filter(pk=message_id).update(
            status=OutboxStatus.FAILED, last_error="UndeliverableAddress"
        )
        return OutboxStatus.FAILED
    try:
        _as_email(message).send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any provider failure is recorded, not raised
        return _record_failure(message, error, now=now)
    OutboxMessage.objects.filter(pk=message_id).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), attempts=message.attempts + 1
    )
    return OutboxStatus.SENT


def _record_failure(message: OutboxMessage, error: Exception, *, now: datetime) -> str:
    attempts = message.attempts + 1
    permanent = is_permanent(error) or attempts > len(RETRY_MINUTES)
    status = OutboxStatus.FAILED if permanent else OutboxStatus.PENDING
    next_attempt_at = now if permanent else now + timedelta(minutes=RETRY_MINUTES[attempts - 1])
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=status,
        attempts=attempts,
        next_attempt_at=next_attempt_at,
        last_error=type(error).__name__[:200],
    )
    # Ids and the error class only: never the address or the provider's text.
    logger.warning(
        "outbox message %s attempt %d failed (%s)%s",
        message.pk,
        attempts,
        type(error).__name__,
        "; giving up" if permanent else "",
    )
    return status


def sweep_outbox(*, now: datetime | None = None) -> dict[str, int]:
    """Recover stuck rows, hand due retries to the worker, delete old sent rows. Idempotent."""
    from bookings.tasks import send_outbox_message

    now = now or timezone.now()
    released = OutboxMessage.objects.filter(
        status=OutboxStatus.SENDING, claimed_at__lte=now - STUCK_AFTER
    ).update(status=OutboxStatus.PENDING, next_attempt_at=now)
    due = list(
        OutboxMessage.objects.filter(
            status=OutboxStatus.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )
    for message_id in due:
        send_outbox_message.enqueue(message_id=message_id)
    deleted, _by_model = OutboxMessage.objects.filter(
        status=OutboxStatus.SENT, sent_at__lte=now - KEEP_SENT_FOR
    ).delete()
    return {"released": released, "enqueued": len(due), "deleted": deleted}
