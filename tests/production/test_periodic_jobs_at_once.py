"""Two schedulers (the periodic timer on two machines) enqueue every periodic job at the same
moment, on real PostgreSQL: each job's effect happens once and neither run fails.

The jobs run in the schedulers' own threads (the test settings' immediate task backend), and
each e-mail is delivered by the outbox right after its transaction commits. Both runs are held
at the point where each has read what is due and is about to write (a `Rendezvous`), so
without the offering lock or the reminder's unique constraint both would act on it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus

import parentsite.tasks
from bookings.models import Booking, BookingStatus, OutboxMessage
from bookings.services import sessions
from parentsite.management.commands.run_periodic import PERIODIC_TASKS, enqueue_periodic_jobs
from tests.bookings.test_concurrency import (  # noqa: F401 - fixtures used by name
    Rendezvous,
    errors_in,
    hold_before_writing_a_booking,
    leave_migrated_data_behind,
    run_together,
    without_lock,
)
from tests.factories import BookingFactory, OfferedBookingFactory, SessionFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCHEDULERS = 2
HOLD = 5  # seconds a scheduler waits for the other at a hold (this machine is shared and slow)


@pytest.fixture
def due_work(make_offering):
    """A reminder due (a session in three hours), an offer past its deadline, and a group
    that ended a year ago with two households still named."""
    soon = make_offering(sessions=0)
    start = timezone.now() + timedelta(hours=3)
    SessionFactory(offering=soon, starts_at=start, ends_at=start + timedelta(hours=2))
    BookingFactory(offering=soon, email="reminded@example.org")
    OfferedBookingFactory(
        offering=make_offering(capacity=1),
        email="lapsed@example.org",
        offer_expires_at=timezone.now() - timedelta(minutes=5),
    )
    ended = make_offering(sessions=0)
    end = timezone.now() - timedelta(days=365)
    SessionFactory(offering=ended, starts_at=end - timedelta(hours=2), ends_at=end)
    BookingFactory.create_batch(2, offering=ended)
    return ended


@pytest.fixture
def held_writes(monkeypatch):
    """Hold each scheduler where, having read what is due, it writes: before it saves the
    expired offer (the first booking a scheduler saves) and before it queues the reminder,
    until the other one is there too (or HOLD seconds have passed)."""
    holds = {name: Rendezvous(SCHEDULERS, window=HOLD) for name in ("expiry", "reminder")}
    hold_before_writing_a_booking(monkeypatch, holds["expiry"])
    real_queue = sessions.queue_booking_email

    def held_queue(**kwargs):
        holds["reminder"].arrive()
        return real_queue(**kwargs)

    monkeypatch.setattr(sessions, "queue_booking_email", held_queue)
    return holds


@pytest.fixture
def anonymized_counts(monkeypatch) -> list[int]:
    """How many bookings each retention run anonymized."""
    counts = []
    real_run = parentsite.tasks.anonymize_ended_offerings

    def counted_run(**kwargs):
        result = real_run(**kwargs)
        counts.append(result.bookings)
        return result

    monkeypatch.setattr(parentsite.tasks, "anonymize_ended_offerings", counted_run)
    return counts


def delivered_to(address: str) -> int:
    return sum(address in message.to for message in mail.outbox)


def test_two_schedulers_at_once_do_each_job_once(due_work, held_writes, anonymized_counts):
    results = run_together(lambda index: enqueue_periodic_jobs(), SCHEDULERS)

    assert errors_in(results) == []
    assert [result.status for run in results for result in run] == [TaskResultStatus.SUCCESSFUL] * (
        SCHEDULERS * len(PERIODIC_TASKS)
    )
    # The reminder's race was real: both schedulers had read it as due before either wrote it.
    assert held_writes["reminder"].met
    assert OutboxMessage.objects.filter(kind="session_reminder").count() == 1
    assert delivered_to("reminded@example.org") == 1
    assert Booking.objects.get(email="lapsed@example.org").status == BookingStatus.EXPIRED
    assert delivered_to("lapsed@example.org") == 1
    assert sorted(anonymized_counts) == [0, 2]
    assert not due_work.bookings.filter(anonymized_at__isnull=True).exists()


def test_control_without_the_offering_lock_an_offer_expires_twice(
    due_work,
    held_writes,
    without_lock,  # noqa: F811 - the imported fixture
):
    """The hold makes the race certain: without the lock both schedulers expire the offer and
    the parent is told twice."""
    results = run_together(lambda index: enqueue_periodic_jobs(), SCHEDULERS)

    assert errors_in(results) == []
    assert held_writes["expiry"].met
    assert delivered_to("lapsed@example.org") == 2
