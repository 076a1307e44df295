"""Delivering one outbox message: claim it, send it through the e-mail backend, record it.

Delivery first *claims* the row with a conditional UPDATE (pending -> sending), so two workers
never send the same row. A temporary failure puts the row back with a later `next_attempt_at`
(backoff); a permanent one, or too many attempts, marks it failed for staff to see. A worker
that dies mid-send leaves the row in "sending"; `release_stuck()` puts such rows back after
`STUCK_AFTER`. That is the one case in which a message can go out twice (the provider accepted
it, then the worker died before recording it): the stable Message-ID lets mail systems
recognise the duplicate.

A booking message (a row with `facts`) is rendered by `rendering` right after the claim, at
every attempt, and the rendered message is stored on the row before it is sent: staff and the
parent's data export see what went out. A message whose booking was deleted is given up.

Account e-mails (`OutboxMessage.ACCOUNT_KIND`: login codes, confirmation codes, reset links) are
not kept: the row is deleted once the message is sent, and a message given up loses its body
(the secret) at once and its row after `KEEP_FAILED_ACCOUNT_MAIL_FOR`.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from email.mime.text import MIMEText

from anymail.exceptions import AnymailInvalidAddress, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.utils import timezone

from bookings.models import OutboxMessage, OutboxStatus

from .bounces import is_undeliverable
from .interest_rendering import is_interest_message, render_interest_message
from .rendering import BookingGone, render_booking_message

logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, ... failed attempt; after the last one, give up.
RETRY_MINUTES = (1, 5, 15, 60, 180)
STUCK_AFTER = timedelta(minutes=10)
KEEP_SENT_FOR = timedelta(days=30)
KEEP_FAILED_ACCOUNT_MAIL_FOR = timedelta(days=1)
PERMANENT_ERRORS = (AnymailInvalidAddress, AnymailRecipientsRefused, BookingGone)


def is_permanent(error: Exception) -> bool:
    """Will trying again never help? A refused address (anymail), an SMTP server that refused
    every recipient with a 5xx code (a 4xx refusal is worth another try), or a booking that
    no longer exists to be told about."""
    if isinstance(error, PERMANENT_ERRORS):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _reply in error.recipients.values())
    return False


def _claim(message_id: int, now: datetime) -> bool:
    """pending -> sending, for exactly one caller, and only when the message is due."""
    return bool(
        OutboxMessage.objects.filter(
            pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now
        ).update(status=OutboxStatus.SENDING, claimed_at=now)
    )


class InviteEmail(EmailMultiAlternatives):
    """An e-mail whose calendar alternative keeps its parameters (text/calendar; method=...).

    With an invite the message is multipart/mixed: a multipart/alternative of the text, the
    HTML and the calendar (Gmail and Outlook show their invitation card from that part) and the
    same calendar as an .ics attachment that any client can open (CalConnect's iMIP practice).
    """

    def _create_mime_attachment(self, content, mimetype):
        if isinstance(content, MIMEText):
            return content
        return super()._create_mime_attachment(content, mimetype)


def _as_email(message: OutboxMessage) -> EmailMultiAlternatives:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"
    email = InviteEmail(
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
        if attachment["mimetype"] == "text/calendar":
            email.attach_alternative(_mime_part(attachment, inline=True), "text/calendar")
        email.attach(_mime_part(attachment))
    return email


def _mime_part(attachment: dict, *, inline: bool = False) -> MIMEText:
    """A text part with its Content-Type parameters (e.g. text/calendar; method=REQUEST, which
    calendar clients need to show an invitation): an attachment, or a body part (`inline`)."""
    maintype, subtype = attachment["mimetype"].split("/", 1)
    if maintype != "text":
        raise ValueError("the outbox only carries text attachments")
    part = MIMEText(attachment["content"], subtype, "utf-8")
    for name, value in attachment.get("params", {}).items():
        part.set_param(name, value)
    if not inline:
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
            status=OutboxStatus.FAILED, last_error="UndeliverableAddress", **_forget_secret(message)
        )
        return OutboxStatus.FAILED
    try:
        if message.facts is not None:
            _render(message)
        _as_email(message).send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any provider failure is recorded, not raised
        return _record_failure(message, error, now=now)
    if message.kind == OutboxMessage.ACCOUNT_KIND:
        OutboxMessage.objects.filter(pk=message_id).delete()
        return OutboxStatus.SENT
    OutboxMessage.objects.filter(pk=message_id).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), attempts=message.attempts + 1
    )
    return OutboxStatus.SENT


def _render(message: OutboxMessage) -> None:
    """Render a booking (or interest list) message now and keep what it says on the row."""
    render = render_interest_message if is_interest_message(message) else render_booking_message
    rendered = render(message)
    OutboxMessage.objects.filter(pk=message.pk).update(**rendered)
    for field, value in rendered.items():
        setattr(message, field, value)


def _forget_secret(message: OutboxMessage) -> dict[str, str]:
    """The fields that blank an account e-mail's body (its code or link) once it is given up."""
    if message.kind != OutboxMessage.ACCOUNT_KIND:
        return {}
    return {"body_text": "", "body_html": ""}


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
        **(_forget_secret(message) if permanent else {}),
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


def release_stuck(*, now: datetime) -> int:
    """Put back rows a worker claimed and never finished (it died mid-send)."""
    return OutboxMessage.objects.filter(
        status=OutboxStatus.SENDING, claimed_at__lte=now - STUCK_AFTER
    ).update(status=OutboxStatus.PENDING, next_attempt_at=now)


def due_message_ids(*, now: datetime) -> list[int]:
    """Pending rows whose next attempt is due."""
    return list(
        OutboxMessage.objects.filter(
            status=OutboxStatus.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )


def delete_old_sent(*, now: datetime) -> int:
    """Sent rows older than `KEEP_SENT_FOR` (they hold names and addresses), and account
    e-mails given up more than `KEEP_FAILED_ACCOUNT_MAIL_FOR` ago."""
    deleted, _by_model = OutboxMessage.objects.filter(
        Q(status=OutboxStatus.SENT, sent_at__lte=now - KEEP_SENT_FOR)
        | Q(
            kind=OutboxMessage.ACCOUNT_KIND,
            status=OutboxStatus.FAILED,
            next_attempt_at__lte=now - KEEP_FAILED_ACCOUNT_MAIL_FOR,
        )
    ).delete()
    return deleted
