"""Enqueue the periodic jobs (django-tasks has no scheduler of its own).

Run once a minute from cron or a systemd timer in production; `make run` runs it with
`--every 60`. Each job is idempotent, so running it late or twice does no harm.
"""

import time

from django.core.management.base import BaseCommand

from bookings.notifications.tasks import sweep_outbox_messages
from bookings.organize.background_pdfs import delete_expired_attendance_pdfs
from bookings.organize.statistics_tallies import count_statistics_years
from bookings.tasks import (
    ask_about_next_groups,
    expire_overdue_offers,
    invite_next_interest_batches,
    send_due_reminders,
)
from parentsite.tasks import anonymize_expired_personal_data, fail_tasks_of_lost_workers

PERIODIC_TASKS = [
    expire_overdue_offers,
    send_due_reminders,
    sweep_outbox_messages,
    anonymize_expired_personal_data,
    fail_tasks_of_lost_workers,
    delete_expired_attendance_pdfs,
    count_statistics_years,
    ask_about_next_groups,
    invite_next_interest_batches,
]


def enqueue_periodic_jobs() -> list:
    """Enqueue every periodic job once; their results (finished already with an immediate
    backend). Two machines may do this at the same moment: each job is safe run twice."""
    return [periodic_task.enqueue() for periodic_task in PERIODIC_TASKS]


class Command(BaseCommand):
    help = "Enqueue periodic background jobs (expire overdue seat offers, ...)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, help="Repeat every N seconds instead of once."
        )

    def handle(self, *args, every: int = 0, **options):
        while True:
            enqueue_periodic_jobs()
            if not every:
                return
            time.sleep(every)
