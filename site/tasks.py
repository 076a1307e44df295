"""The site's own periodic work (the engine's is in bookings/tasks.py, e-mail's in
bookings/notifications/tasks.py)."""

from django_tasks import task

from parentsite.retention import anonymize_ended_offerings
from parentsite.task_queue import fail_abandoned_tasks


@task()
def anonymize_expired_personal_data() -> dict:
    """Anonymize bookings of offerings ended past the retention time and registrations on
    interest lists past theirs, and what else names their parents (idempotent; counts only in
    the result and the log)."""
    return anonymize_ended_offerings().as_dict()


@task()
def fail_tasks_of_lost_workers() -> int:
    """Mark task rows a dead worker left "running" as failed (idempotent)."""
    return fail_abandoned_tasks()
