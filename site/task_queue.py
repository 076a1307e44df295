"""Task rows that a dead worker left "running" are marked failed, so they do not look busy for
ever. Every periodic job is idempotent, so the next run does the work again; the outbox
recovers its own e-mails (`bookings.notifications.delivery.release_stuck`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

# Longer than any of our tasks runs (the longest, the retention run, takes seconds to minutes).
ABANDONED_AFTER = timedelta(minutes=30)


class WorkerLost(Exception):  # noqa: N818 - the name is what staff read in the task list
    """The worker stopped while it was running the task (killed, or its machine restarted)."""


def fail_abandoned_tasks(*, now: datetime | None = None) -> int:
    """Mark tasks started more than `ABANDONED_AFTER` ago and still "running" as failed."""
    now = now or timezone.now()
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - ABANDONED_AFTER
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback=WorkerLost.__doc__,
    )
