"""Concurrent bookings and cancellations on real PostgreSQL: no overselling, no lost seats.

Each test releases many threads at once with a `threading.Barrier`; every thread has its own
database connection (opened before the barrier, closed at the end). To make races easy to hit,
`selectors.seats_taken` is wrapped to sleep between reading the seats and writing: with the
offering lock the sleep only slows things down, without it (the control runs) the race shows
every time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import IntegrityError, connection

from bookings import selectors
from bookings.models import Booking, BookingStatus, Offering, WaitlistPolicy
from bookings.notifications import messages
from bookings.services import BookingError, book_offering, cancel_booking, locking
from tests.factories import BookingFactory, WaitlistedBookingFactory

pytestmark = [
    pytest.mark.postgres,
    # serialized_rollback restores Wagtail's root page after other transactional tests flushed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 50
SEATS = 6
RACE_WINDOW = 0.05  # seconds between reading the free seats and writing the booking


@pytest.fixture(scope="module", autouse=True)
def leave_migrated_data_behind(django_db_setup, django_db_blocker):
    """Put back what migrations created (Wagtail's root page, locale, site) after this module.

    Every transactional test ends by emptying all tables; `serialized_rollback` restores the
    migrated rows only at the start of a test that asks for it. Restoring them once more here
    keeps later transactional tests (e.g. the browser tests) independent of running after us.
    """
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)


def run_together(work: Callable[[int], object], count: int) -> list[object]:
    """Run `work(i)` for i in range(count), each in its own thread, all released at once.

    Returns what each call returned, or the exception it raised, by index.
    """
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def worker(index: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=60)
            results[index] = work(index)
        except Exception as error:  # reported to the test below
            results[index] = error
            barrier.abort()  # e.g. no connection to be had: let the others fail fast, not hang
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(index,), name=f"worker-{index}")
        for index in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return results


def errors_in(results: list[object]) -> list[BaseException]:
    return [result for result in results if isinstance(result, BaseException)]


@pytest.fixture
def widen_race(monkeypatch):
    """Sleep after every seat count, so racing transactions overlap for sure."""
    real_seats_taken = selectors.seats_taken

    def slow_seats_taken(*, offering_id: int) -> int:
        taken = real_seats_taken(offering_id=offering_id)
        time.sleep(RACE_WINDOW)
        return taken

    monkeypatch.setattr(selectors, "seats_taken", slow_seats_taken)


@pytest.fixture
def without_lock(monkeypatch):
    """The control: `lock_offering` reads the offering but locks nothing."""

    def lock_nothing(*, offering_id: int) -> Offering:
        return Offering.objects.get(pk=offering_id)

    monkeypatch.setattr(locking, "lock_offering", lock_nothing)


@pytest.fixture
def lock_order(monkeypatch) -> list[str]:
    """Names of the threads in the order they acquired the offering lock.

    The name is appended while the thread holds the row lock, and the lock is held until the
    thread's transaction commits, so the next thread cannot append before this one committed:
    the list is the exact order of lock acquisition, which is also the commit order.
    """
    order: list[str] = []
    real_lock = locking.lock_offering

    def recording_lock(*, offering_id: int) -> Offering:
        offering = real_lock(offering_id=offering_id)
        order.append(threading.current_thread().name)
        return offering

    monkeypatch.setattr(locking, "lock_offering", recording_lock)
    return order


def book_as_worker(offering: Offering) -> Callable[[int], Booking]:
    def book(index: int) -> Booking:
        return book_offering(
            offering_id=offering.pk, email=f"worker-{index}@example.org", name="Förälder"
        )

    return book


def worker_of(booking: Booking) -> str:
    return booking.email.split("@")[0]


# --- (a) many bookings at once ---------------------------------------------------------------


def test_fifty_bookings_at_once_fill_six_seats_and_queue_the_rest_in_arrival_order(
    make_offering, widen_race, lock_order
):
    """50 parents book 6 household seats at the same moment.

    "Arrival order" is the order in which the booking transactions acquired the offering's row
    lock (recorded by `lock_order` while the lock is held; see that fixture). It is not the
    order the threads were started or called `book_offering`: who gets the lock first among
    simultaneous requests is decided by PostgreSQL, and only that order is meaningful. The first
    six to get the lock must be confirmed and the waitlist (priority, waitlisted_at, pk) must
    list the other 44 in that same order; primary keys are drawn under the lock too.
    """
    offering = make_offering(capacity=SEATS, waitlist_policy=WaitlistPolicy.AUTO)

    results = run_together(book_as_worker(offering), THREADS)

    assert errors_in(results) == []
    assert len(lock_order) == THREADS
    bookings = Booking.objects.filter(offering=offering)
    confirmed = bookings.filter(status=BookingStatus.CONFIRMED)
    waitlist = list(
        bookings.filter(status=BookingStatus.WAITLISTED).order_by(*selectors.waitlist_ordering())
    )
    assert confirmed.count() == SEATS
    assert len(waitlist) == THREADS - SEATS
    assert {worker_of(booking) for booking in confirmed} == set(lock_order[:SEATS])
    assert [worker_of(booking) for booking in waitlist] == lock_order[SEATS:]
    assert [worker_of(booking) for booking in bookings.order_by("pk")] == lock_order
    assert [selectors.waitlist_position(booking) for booking in waitlist] == list(
        range(1, THREADS - SEATS + 1)
    )
    availability = selectors.availability_of(offering)
    assert (availability.seats_taken, availability.waitlist_length) == (SEATS, THREADS - SEATS)


def test_control_without_the_lock_the_same_rush_oversells(make_offering, widen_race, without_lock):
    """Shows the test above would catch a missing lock: the race is real and reliably hit."""
    offering = make_offering(capacity=SEATS, waitlist_policy=WaitlistPolicy.AUTO)

    results = run_together(book_as_worker(offering), THREADS)

    assert errors_in(results) == []
    confirmed = Booking.objects.filter(offering=offering, status=BookingStatus.CONFIRMED).count()
    assert confirmed > SEATS


# --- (c) double submit -----------------------------------------------------------------------


@pytest.mark.parametrize("threads", [2, 10])
@pytest.mark.parametrize("locked", [True, False], ids=["locked", "constraint-only"])
def test_double_submit_makes_one_booking(make_offering, monkeypatch, widen_race, threads, locked):
    """The same parent submits the form several times at once (with different e-mail case).

    With the lock the later submits see the first booking; without it (constraint-only) the
    unique constraint decides. Either way: one booking, the rest get BookingError("duplicate").
    """
    if not locked:
        monkeypatch.setattr(
            locking, "lock_offering", lambda *, offering_id: Offering.objects.get(pk=offering_id)
        )
    offering = make_offering(capacity=SEATS)
    spellings = ["parent@example.org", "Parent@Example.org", " PARENT@example.org "]

    def submit(index: int) -> Booking:
        return book_offering(
            offering_id=offering.pk, email=spellings[index % len(spellings)], name="P"
        )

    results = run_together(submit, threads)

    bookings = [result for result in results if isinstance(result, Booking)]
    errors = errors_in(results)
    assert len(bookings) == 1
    assert not any(isinstance(error, IntegrityError) for error in errors)
    assert [(type(error), error.code) for error in errors] == [(BookingError, "duplicate")] * (
        threads - 1
    )
    assert Booking.objects.filter(offering=offering).count() == 1


# --- (d) racing cancellations ----------------------------------------------------------------


def full_offering_with_queue(make_offering, policy: str, *, queue: int = 10):
    offering = make_offering(capacity=SEATS, waitlist_policy=policy)
    seated = BookingFactory.create_batch(SEATS, offering=offering)
    waiting = [WaitlistedBookingFactory(offering=offering) for _ in range(queue)]
    return offering, seated, waiting


def status_of(bookings: list[Booking]) -> list[str]:
    by_pk = dict(
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).values_list("pk", "status")
    )
    return [by_pk[booking.pk] for booking in bookings]


@pytest.mark.parametrize("policy", [WaitlistPolicy.AUTO, WaitlistPolicy.OFFER])
def test_racing_cancellations_promote_exactly_as_many_in_order(make_offering, widen_race, policy):
    """K households cancel at once: the first K in line get the K seats, each seat once."""
    offering, seated, waiting = full_offering_with_queue(make_offering, policy)
    cancelling = seated[:4]

    results = run_together(
        lambda index: cancel_booking(booking_id=cancelling[index].pk), len(cancelling)
    )

    assert errors_in(results) == []
    promoted = BookingStatus.CONFIRMED if policy == WaitlistPolicy.AUTO else BookingStatus.OFFERED
    assert status_of(cancelling) == [BookingStatus.CANCELLED] * len(cancelling)
    assert status_of(waiting) == [promoted] * len(cancelling) + [BookingStatus.WAITLISTED] * (
        len(waiting) - len(cancelling)
    )
    assert selectors.seats_taken(offering_id=offering.pk) == SEATS
    if policy == WaitlistPolicy.OFFER:
        offered = Booking.objects.filter(offering=offering, status=BookingStatus.OFFERED)
        assert all(booking.offer_expires_at for booking in offered)


def test_control_without_the_lock_racing_cancellations_lose_seats(
    make_offering, monkeypatch, without_lock
):
    """Shows the test above would catch it: unlocked promotions hand one seat out repeatedly.

    To make the race certain rather than likely, each promotion waits, right after reading the
    waitlist (at its first `Offering.seats_for` call), until all of them have read it.
    """
    offering, seated, waiting = full_offering_with_queue(make_offering, WaitlistPolicy.AUTO)
    cancelling = seated[:4]
    all_have_read = threading.Barrier(len(cancelling))
    waited = threading.local()
    real_seats_for = Offering.seats_for

    def seats_for_after_everyone_read(self, persons: int) -> int:
        if not getattr(waited, "done", False):
            waited.done = True
            all_have_read.wait(timeout=30)
        return real_seats_for(self, persons)

    monkeypatch.setattr(Offering, "seats_for", seats_for_after_everyone_read)
    # Raising the calendar SEQUENCE updates the offering row, which (without the lock) would
    # queue the cancellations behind each other before they reach the waitlist.
    monkeypatch.setattr(messages, "raise_calendar_sequence", lambda *, offering_id: None)

    results = run_together(
        lambda index: cancel_booking(booking_id=cancelling[index].pk), len(cancelling)
    )

    assert errors_in(results) == []
    assert status_of(waiting[:2]) == [BookingStatus.CONFIRMED, BookingStatus.WAITLISTED]
    assert selectors.seats_taken(offering_id=offering.pk) == SEATS - len(cancelling) + 1


def test_racing_cancellations_of_one_booking_change_it_once(make_offering, widen_race):
    offering, seated, waiting = full_offering_with_queue(make_offering, WaitlistPolicy.AUTO)

    results = run_together(lambda index: cancel_booking(booking_id=seated[0].pk), 5)

    errors = errors_in(results)
    assert len(errors) == 4
    assert {(type(error), error.code) for error in errors} == {(BookingError, "not_active")}
    assert status_of(waiting[:2]) == [BookingStatus.CONFIRMED, BookingStatus.WAITLISTED]
    assert selectors.seats_taken(offering_id=offering.pk) == SEATS


def test_new_bookings_racing_cancellations_never_jump_the_waitlist(make_offering, widen_race):
    """Freed seats go to those already waiting, even while new parents are booking."""
    offering, seated, waiting = full_offering_with_queue(
        make_offering, WaitlistPolicy.AUTO, queue=5
    )
    cancelling = seated[:3]
    book = book_as_worker(offering)

    def cancel_or_book(index: int):
        if index < len(cancelling):
            return cancel_booking(booking_id=cancelling[index].pk)
        return book(index)

    results = run_together(cancel_or_book, 13)

    assert errors_in(results) == []
    assert status_of(waiting) == [BookingStatus.CONFIRMED] * 3 + [BookingStatus.WAITLISTED] * 2
    newcomers = Booking.objects.filter(offering=offering, email__startswith="worker-")
    assert set(newcomers.values_list("status", flat=True)) == {BookingStatus.WAITLISTED}
    assert selectors.seats_taken(offering_id=offering.pk) == SEATS
