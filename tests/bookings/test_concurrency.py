"""Concurrent bookings and cancellations on real PostgreSQL: no overselling, no lost seats.

Each test releases many threads at once with a `threading.Barrier`; every thread has its own
database connection (opened before the barrier, closed at the end). To make races certain,
every test holds its transactions at the point where a missing lock would let them overlap
(`widen_race` sleeps after the seat count; a `Rendezvous` waits there for the other racers).
Each test has a control that runs the same threads through the same hold with the lock off
(`without_lock`) and shows the bad outcome the test names: with the lock the hold only slows
things down, without it the race shows every time. Double submits are kept apart by the
database's unique constraint, not by the lock: their control drops the constraint instead.
"""

from __future__ import annotations

import fcntl
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import IntegrityError, connection

from bookings import selectors
from bookings.models import Booking, BookingStatus, Offering, OutboxMessage, WaitlistPolicy
from bookings.services import BookingError, book_offering, cancel_booking, locking
from tests.factories import BookingFactory, WaitlistedBookingFactory

pytestmark = [
    pytest.mark.postgres,
    # serialized_rollback restores Wagtail's root page after other transactional tests flushed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 50
# Held by each test of a rush (here and in test_invitations_concurrency.py): one connection per
# thread, so two rushes at once on the two workers of a run would ask PostgreSQL for more
# connections than it allows (100). pytest-xdist's groups cannot keep them apart: with pytest 9
# its loadgroup mode no longer groups anything (it renames `item._nodeid`, which pytest 9 no
# longer reads).
RUSH_LOCK = Path(__file__).resolve().parents[2] / "var" / "postgres-rush.lock"
SEATS = 6
RACE_WINDOW = 0.05  # seconds between reading the free seats and writing the booking
NEWCOMER_WAIT = 0.5  # at most this long a new booking waits for the racing cancellations


@pytest.fixture(autouse=True)
def one_rush_at_a_time():
    """Wait until no other worker's rush is running (see RUSH_LOCK)."""
    RUSH_LOCK.parent.mkdir(exist_ok=True)
    with RUSH_LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


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


class Rendezvous:
    """Holds each racing thread, once, at one point until all `parties` are there together, or
    `window` seconds have passed.

    Without the offering lock the racers all reach the point (each having read what it will
    act on) and go on together: the race is certain. With the lock only the thread holding it
    can get there, so each waits out its window alone and the run is merely slower.
    `met` says whether all of them were ever there at once.
    """

    def __init__(self, parties: int, window: float = 0.3):
        self.parties = parties
        self.window = window
        self.met = False
        self._waiting = 0
        self._condition = threading.Condition()
        self._arrived = threading.local()

    def arrive(self) -> None:
        if getattr(self._arrived, "done", False):
            return
        self._arrived.done = True
        with self._condition:
            self._waiting += 1
            if self._waiting == self.parties:
                self.met = True
                self._condition.notify_all()
            else:
                self._condition.wait_for(lambda: self.met, timeout=self.window)
            self._waiting -= 1


def hold_after_reading_the_waitlist(monkeypatch, rendezvous: Rendezvous) -> None:
    """A promotion reaches `Offering.seats_for` after it has counted the seats and read the
    waitlist: hold it there."""
    real_seats_for = Offering.seats_for

    def seats_for(self, persons: int) -> int:
        rendezvous.arrive()
        return real_seats_for(self, persons)

    monkeypatch.setattr(Offering, "seats_for", seats_for)


def hold_before_writing_a_booking(monkeypatch, rendezvous: Rendezvous) -> None:
    """A cancellation saves the booking right after it read and checked its status: hold the
    first save of each thread there."""
    real_save = Booking.save

    def save(self, *args, **kwargs):
        rendezvous.arrive()
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Booking, "save", save)


@pytest.fixture
def widen_race(monkeypatch):
    """Sleep after every seat count, so racing transactions overlap for sure."""
    real_seats_taken = selectors.seats_taken

    def slow_seats_taken(*, offering: Offering) -> int:
        taken = real_seats_taken(offering=offering)
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


SPELLINGS = ["parent@example.org", "Parent@Example.org", " PARENT@example.org "]


def submit_as_one_parent(offering: Offering) -> Callable[[int], Booking]:
    """The same parent sends the form several times at once (with different e-mail case)."""

    def submit(index: int) -> Booking:
        return book_offering(
            offering_id=offering.pk, email=SPELLINGS[index % len(SPELLINGS)], name="P"
        )

    return submit


@pytest.mark.parametrize("threads", [2, 10])
def test_double_submit_makes_one_booking(make_offering, widen_race, threads):
    """One booking, and the rest get BookingError("duplicate") pointing at it (the page then
    shows the parent their booking). The database's unique constraint decides: the later
    submits wait for the lock, count, try to insert and are refused; the control below shows
    that nothing else keeps them apart."""
    offering = make_offering(capacity=SEATS)

    results = run_together(submit_as_one_parent(offering), threads)

    bookings = [result for result in results if isinstance(result, Booking)]
    errors = errors_in(results)
    assert len(bookings) == 1
    assert [(type(error), error.code) for error in errors] == [(BookingError, "duplicate")] * (
        threads - 1
    )
    assert [error.booking.pk for error in errors] == [bookings[0].pk] * (threads - 1)
    assert all(isinstance(error.__cause__, IntegrityError) for error in errors)
    assert Booking.objects.filter(offering=offering).count() == 1
    assert OutboxMessage.objects.filter(booking__offering=offering).count() == 1


@pytest.fixture
def without_the_unique_constraint():
    """The control: the table without "one active booking per offering and address"."""
    (constraint,) = [
        each
        for each in Booking._meta.constraints
        if each.name == "one_active_booking_per_offering_and_email"
    ]
    with connection.schema_editor() as editor:
        editor.remove_constraint(Booking, constraint)
    yield
    Booking.objects.all().delete()  # what the control made cannot stand the constraint
    with connection.schema_editor() as editor:
        editor.add_constraint(Booking, constraint)


@pytest.mark.parametrize("threads", [2, 10])
def test_control_without_the_constraint_double_submits_make_several_bookings(
    make_offering, widen_race, without_the_unique_constraint, threads
):
    """The same submits, with the lock but without the constraint: every one is booked, so
    the test above shows the constraint at work (the lock alone does not keep them apart)."""
    offering = make_offering(capacity=SEATS)

    results = run_together(submit_as_one_parent(offering), threads)

    assert errors_in(results) == []
    assert Booking.objects.filter(offering=offering).count() == threads


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


def promoted_status(policy: str) -> str:
    return BookingStatus.CONFIRMED if policy == WaitlistPolicy.AUTO else BookingStatus.OFFERED


def cancel_four_at_once(make_offering, monkeypatch, policy):
    """Four seated households cancel at once; each promotion is held after reading the
    waitlist until the others have read it too (or its window passed)."""
    offering, seated, waiting = full_offering_with_queue(make_offering, policy)
    cancelling = seated[:4]
    rendezvous = Rendezvous(len(cancelling))
    hold_after_reading_the_waitlist(monkeypatch, rendezvous)
    results = run_together(
        lambda index: cancel_booking(booking_id=cancelling[index].pk), len(cancelling)
    )
    assert errors_in(results) == []
    return offering, cancelling, waiting, rendezvous


@pytest.mark.parametrize("policy", [WaitlistPolicy.AUTO, WaitlistPolicy.OFFER])
def test_racing_cancellations_promote_exactly_as_many_in_order(
    make_offering, monkeypatch, policy
):
    """K households cancel at once: the first K in line get the K seats, each seat once."""
    offering, cancelling, waiting, rendezvous = cancel_four_at_once(
        make_offering, monkeypatch, policy
    )

    assert not rendezvous.met  # the lock kept the promotions apart
    assert status_of(cancelling) == [BookingStatus.CANCELLED] * len(cancelling)
    assert status_of(waiting) == [promoted_status(policy)] * len(cancelling) + [
        BookingStatus.WAITLISTED
    ] * (len(waiting) - len(cancelling))
    assert selectors.seats_taken(offering=offering) == SEATS
    if policy == WaitlistPolicy.OFFER:
        offered = Booking.objects.filter(offering=offering, status=BookingStatus.OFFERED)
        assert all(booking.offer_expires_at for booking in offered)


@pytest.mark.parametrize("policy", [WaitlistPolicy.AUTO, WaitlistPolicy.OFFER])
def test_control_without_the_lock_racing_cancellations_lose_seats(
    make_offering, monkeypatch, without_lock, policy
):
    """The same run without the lock: every promotion read the same waitlist and hands its
    seat to the same first household, so three freed seats are lost."""
    offering, _cancelling, waiting, rendezvous = cancel_four_at_once(
        make_offering, monkeypatch, policy
    )

    assert rendezvous.met
    assert status_of(waiting[:2]) == [promoted_status(policy), BookingStatus.WAITLISTED]
    assert selectors.seats_taken(offering=offering) == SEATS - 4 + 1


def cancel_one_booking_five_times(make_offering, monkeypatch):
    """Five requests cancel the same booking at once; each is held just before it writes,
    after it read and checked the booking's status."""
    offering, seated, waiting = full_offering_with_queue(make_offering, WaitlistPolicy.AUTO)
    rendezvous = Rendezvous(5)
    hold_before_writing_a_booking(monkeypatch, rendezvous)
    results = run_together(lambda index: cancel_booking(booking_id=seated[0].pk), 5)
    cancellations = OutboxMessage.objects.filter(booking=seated[0], kind="booking_cancelled")
    return offering, waiting, results, rendezvous, cancellations.count()


def test_racing_cancellations_of_one_booking_change_it_once(
    make_offering, monkeypatch
):
    offering, waiting, results, rendezvous, messages = cancel_one_booking_five_times(
        make_offering, monkeypatch
    )

    assert not rendezvous.met
    errors = errors_in(results)
    assert len(errors) == 4
    assert {(type(error), error.code) for error in errors} == {(BookingError, "not_active")}
    assert messages == 1  # one change, one message
    assert status_of(waiting[:2]) == [BookingStatus.CONFIRMED, BookingStatus.WAITLISTED]
    assert selectors.seats_taken(offering=offering) == SEATS


def test_control_without_the_lock_one_booking_is_cancelled_five_times(
    make_offering, monkeypatch, without_lock
):
    """The same requests without the lock all find the booking still active: five changes
    and five messages about one cancellation."""
    _offering, _waiting, results, rendezvous, messages = cancel_one_booking_five_times(
        make_offering, monkeypatch
    )

    assert rendezvous.met
    assert errors_in(results) == []
    assert messages == 5


def cancellations_and_new_bookings(make_offering, monkeypatch):
    """3 seated households cancel while 10 new parents book. The cancellations' promotions are
    held after reading the waitlist until all three have read it; the new bookings count the
    seats only once the cancellations are done (or their window passed)."""
    offering, seated, waiting = full_offering_with_queue(
        make_offering, WaitlistPolicy.AUTO, queue=5
    )
    cancelling = seated[:3]
    book = book_as_worker(offering)
    rendezvous = Rendezvous(len(cancelling))
    done = {"cancellations": 0}
    all_cancelled = threading.Condition()
    newcomer = threading.local()
    real_seats_for = Offering.seats_for
    real_seats_taken = selectors.seats_taken

    def seats_for(self, persons: int) -> int:
        if not getattr(newcomer, "is_one", False):
            rendezvous.arrive()
        return real_seats_for(self, persons)

    def seats_taken(*, offering: Offering) -> int:
        if getattr(newcomer, "is_one", False) and not getattr(newcomer, "waited", False):
            newcomer.waited = True
            with all_cancelled:
                all_cancelled.wait_for(
                    lambda: done["cancellations"] == len(cancelling), timeout=NEWCOMER_WAIT
                )
        return real_seats_taken(offering=offering)

    monkeypatch.setattr(Offering, "seats_for", seats_for)
    monkeypatch.setattr(selectors, "seats_taken", seats_taken)

    def cancel_or_book(index: int):
        if index < len(cancelling):
            try:
                return cancel_booking(booking_id=cancelling[index].pk)
            finally:
                with all_cancelled:
                    done["cancellations"] += 1
                    all_cancelled.notify_all()
        newcomer.is_one = True
        return book(index)

    results = run_together(cancel_or_book, 13)
    assert errors_in(results) == []
    newcomers = Booking.objects.filter(offering=offering, email__startswith="worker-")
    return offering, waiting, newcomers, rendezvous


def test_new_bookings_racing_cancellations_never_jump_the_waitlist(
    make_offering, monkeypatch
):
    """Freed seats go to those already waiting, even while new parents are booking."""
    offering, waiting, newcomers, rendezvous = cancellations_and_new_bookings(
        make_offering, monkeypatch
    )

    assert not rendezvous.met
    assert status_of(waiting) == [BookingStatus.CONFIRMED] * 3 + [BookingStatus.WAITLISTED] * 2
    assert set(newcomers.values_list("status", flat=True)) == {BookingStatus.WAITLISTED}
    assert selectors.seats_taken(offering=offering) == SEATS


def test_control_without_the_lock_new_bookings_jump_the_waitlist(
    make_offering, monkeypatch, without_lock
):
    """The same run without the lock: the three promotions all pick the first in line, two
    freed seats stay free, and new parents take them past the four still waiting."""
    _offering, waiting, newcomers, rendezvous = cancellations_and_new_bookings(
        make_offering, monkeypatch
    )

    assert rendezvous.met
    assert status_of(waiting[:2]) == [BookingStatus.CONFIRMED, BookingStatus.WAITLISTED]
    assert newcomers.filter(status=BookingStatus.CONFIRMED).count() >= 2
