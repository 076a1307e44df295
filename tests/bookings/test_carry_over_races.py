"""Two schedulers asking at the same moment (two machines running the periodic jobs): each
household still waiting is asked once, on real PostgreSQL. The control without the offering's
lock shows that the race is there and would be caught."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Booking, OutboxMessage
from bookings.services import carry_over
from tests.bookings.test_concurrency import (  # noqa: F401 - fixtures used by name
    leave_migrated_data_behind,
    run_together,
)
from tests.factories import SessionFactory, WaitlistedBookingFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOUSEHOLDS = 5


@pytest.fixture
def started_with_waitlist(make_offering, monkeypatch):
    """A group that started yesterday with households still waiting. Queuing each question
    takes a moment, so two runs overlap while the first still holds what it read."""
    offering = make_offering(sessions=0, capacity=0)
    starts = timezone.now() - timedelta(days=1)
    SessionFactory(offering=offering, starts_at=starts, ends_at=starts + timedelta(hours=2))
    WaitlistedBookingFactory.create_batch(HOUSEHOLDS, offering=offering)
    real_queue = carry_over.queue_booking_email

    def slow_queue(**kwargs):
        time.sleep(0.05)
        return real_queue(**kwargs)

    monkeypatch.setattr(carry_over, "queue_booking_email", slow_queue)
    return offering


def questions(offering) -> int:
    return OutboxMessage.objects.filter(
        booking__offering=offering, kind="next_group_question"
    ).count()


def test_two_runs_at_once_ask_each_household_once(started_with_waitlist):
    results = run_together(lambda _: carry_over.ask_waitlists_about_next_group(), 2)

    assert sorted(results) == [0, HOUSEHOLDS]
    assert questions(started_with_waitlist) == HOUSEHOLDS
    assert not Booking.objects.filter(
        offering=started_with_waitlist, status="waitlisted", next_group_asked_at__isnull=True
    ).exists()


def test_control_without_the_lock_asks_twice(started_with_waitlist, monkeypatch):
    monkeypatch.setattr(carry_over.locking, "lock_offering", lambda **kwargs: None)

    results = run_together(lambda _: carry_over.ask_waitlists_about_next_group(), 2)

    assert results == [HOUSEHOLDS, HOUSEHOLDS]
    assert questions(started_with_waitlist) == 2 * HOUSEHOLDS
