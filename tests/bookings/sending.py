"""What the e-mail worker does once a change has committed, for tests that read messages: it
renders each booking message from its outbox row and sends it (`delivery.deliver`)."""

from __future__ import annotations

from bookings.models import OutboxMessage, OutboxStatus
from bookings.notifications.delivery import deliver


def send_waiting() -> list[OutboxMessage]:
    """Deliver every message waiting, in the order they were queued, as the worker would; the
    rows, rendered and sent, in that order."""
    waiting = list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for message_id in waiting:
        deliver(message_id=message_id)
    return list(OutboxMessage.objects.filter(pk__in=waiting).order_by("pk"))
