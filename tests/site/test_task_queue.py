"""A worker killed during a task leaves its row "running"; the periodic job marks it failed."""

from datetime import timedelta

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from parentsite.management.commands.run_periodic import PERIODIC_TASKS
from parentsite.task_queue import ABANDONED_AFTER, fail_abandoned_tasks
from parentsite.tasks import fail_tasks_of_lost_workers


def task_row(*, status, started_ago):
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        started_at=now - started_ago,
        args_kwargs={"args": [], "kwargs": {"message_id": 1}},
        task_path="bookings.notifications.tasks.send_outbox_message",
        backend_name="default",
        queue_name="default",
        run_after=now - started_ago,
    )


def test_a_task_running_longer_than_any_task_runs_is_marked_failed(db):
    lost = task_row(status=TaskResultStatus.RUNNING, started_ago=ABANDONED_AFTER + timedelta(1))
    busy = task_row(status=TaskResultStatus.RUNNING, started_ago=timedelta(minutes=1))
    done = task_row(status=TaskResultStatus.SUCCESSFUL, started_ago=timedelta(days=1))

    assert fail_abandoned_tasks() == 1

    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.FAILED
    assert lost.exception_class_path == "parentsite.task_queue.WorkerLost"
    assert lost.finished_at is not None
    busy.refresh_from_db()
    done.refresh_from_db()
    assert (busy.status, done.status) == (TaskResultStatus.RUNNING, TaskResultStatus.SUCCESSFUL)
    assert fail_abandoned_tasks() == 0  # idempotent


def test_the_scheduler_runs_it(db):
    assert fail_tasks_of_lost_workers in PERIODIC_TASKS
