"""The e-mail worker's tasks: deliver one outbox message, and the periodic sweep.

Tasks take primary keys, never model instances; both are safe to run twice.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from . import delivery


@task()
def send_outbox_message(message_id: int) -> str:
    """Deliver one outbox message (safe to run twice: only one run claims it)."""
    return delivery.deliver(message_id=message_id)


def sweep_outbox(*, now: datetime | None = None) -> dict[str, int]:
    """Recover stuck rows, hand due retries to the worker, delete old sent rows. Idempotent."""
    now = now or timezone.now()
    released = delivery.release_stuck(now=now)
    due = delivery.due_message_ids(now=now)
    for message_id in due:
        send_outbox_message.enqueue(message_id=message_id)
    deleted = delivery.delete_old_sent(now=now)
    return {"released": released, "enqueued": len(due), "deleted": deleted}


@task()
def sweep_outbox_messages() -> dict:
    """The periodic job: `sweep_outbox()` now."""
    return sweep_outbox()
