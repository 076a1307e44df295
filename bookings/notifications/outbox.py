"""The durable outbox: every e-mail is a row written in the transaction that causes it.

A rolled-back booking therefore sends nothing. After the commit a task tries to deliver the row
(`tasks.send_outbox_message`, which calls `delivery.deliver`); the periodic sweep
(`tasks.sweep_outbox`) retries what failed and recovers what a dead worker left behind.

Two kinds of rows: an e-mail rendered by its caller (`queue_email`, allauth's account e-mails),
and a booking message that records what happened and is rendered by the worker when it sends
it (`queue_booking_message`, see `rendering`): writing it costs one INSERT, whatever the
message will say.
"""

from __future__ import annotations

from django.db import transaction

from bookings.models import OutboxMessage

from .tasks import send_outbox_message


def hand_over_after_commit(message_ids: list[int]) -> None:
    """Hand rows written in the caller's transaction to the worker once it commits."""

    def hand_over() -> None:
        for message_id in message_ids:
            send_outbox_message.enqueue(message_id=message_id)

    transaction.on_commit(hand_over)


def _queue(**fields) -> OutboxMessage:
    message = OutboxMessage.objects.create(**fields)
    hand_over_after_commit([message.pk])
    return message


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
    site_id: int | None = None,
) -> OutboxMessage:
    """Write a rendered message to the outbox; it is handed to the worker when the transaction
    commits. `site_id`: the municipality a message of no booking was asked for on."""
    return _queue(
        kind=kind,
        booking_id=booking_id,
        session_id=session_id,
        site_id=site_id,
        recipient=recipient,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        attachments=list(attachments),
        from_email=from_email,
        reply_to=reply_to,
    )


def queue_booking_message(
    *, kind: str, booking_id: int, recipient: str, session_id: int | None, facts: dict
) -> OutboxMessage:
    """Write what happened to a booking (`kind`, and the `facts` of that moment) for the worker
    to render and send once the transaction commits."""
    return _queue(
        kind=kind,
        booking_id=booking_id,
        session_id=session_id,
        recipient=recipient,
        facts=facts,
    )
