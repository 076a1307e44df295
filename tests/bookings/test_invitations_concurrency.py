"""The priority window under a rush, on real PostgreSQL: 100 invited households book a group of
6 seats the moment their invitations go out, while 20 parents without one try too.

Exactly 6 are confirmed, in the order their bookings got the offering's lock, the other 94 wait
in that order, and nobody without an invitation gets in before public booking opens. The
controls run the same rush without the lock (more than 6 confirmed) and without the window
check (parents without an invitation get in), so the test fails for the reasons it names.

The machine's PostgreSQL allows 100 connections, shared with other work: 40 threads, each with
its own connection, carry the 120 requests, all released together by a barrier and each taking
the next request as soon as it has finished one, so about 40 bookings wait for the lock at any
moment. `widen_race` (from the booking race tests) sleeps after each seat count, so without the
lock the racers surely overlap.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from bookings import selectors
from bookings.models import Booking, BookingStatus, InterestStatus, InviteMode, Offering
from bookings.services import BookingError, booking, locking
from tests.bookings.interest_invites import book_invited, book_uninvited, invite, register
from tests.bookings.test_concurrency import (  # noqa: F401  (fixtures)
    leave_migrated_data_behind,
    one_rush_at_a_time,
    widen_race,
    without_lock,
)
from tests.factories import ProgramPageFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEATS = 6
INVITED = 100
UNINVITED = 20
CONNECTIONS = 40

_request = threading.local()


@pytest.fixture(autouse=True)
def messages_stay_in_the_outbox(settings):
    """The rush is about seats: the confirmation e-mails wait in the outbox (no worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def run_pooled(requests: list[Callable[[], object]]) -> list[object]:
    """Run every request, `CONNECTIONS` at a time (see the module's docstring); what each
    returned or raised, by index. `_request.index` names the request a thread is running."""
    pending = list(enumerate(requests))
    taking = threading.Lock()
    results: list[object] = [None] * len(requests)
    barrier = threading.Barrier(CONNECTIONS)

    def worker() -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=60)
            while True:
                with taking:
                    if not pending:
                        return
                    index, request = pending.pop(0)
                _request.index = index
                try:
                    results[index] = request()
                except Exception as error:  # reported to the test
                    results[index] = error
        except threading.BrokenBarrierError:
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return results


@pytest.fixture
def lock_order(monkeypatch) -> list[int]:
    """The requests, by index, in the order they got the offering's lock (recorded while it
    is held, which is until the request's commit)."""
    order: list[int] = []
    real_lock = locking.lock_offering

    def recording_lock(*, offering_id: int) -> Offering:
        offering = real_lock(offering_id=offering_id)
        if hasattr(_request, "index"):  # not the invitations sent before the rush
            order.append(_request.index)
        return offering

    monkeypatch.setattr(locking, "lock_offering", recording_lock)
    return order


@pytest.fixture
def rush(make_offering, program_index):
    """A group of 6 seats whose priority window has just opened: 100 households invited, and
    the 120 requests (invited and not) in a shuffled order. Returns (group, requests,
    which indexes are invited)."""
    program = ProgramPageFactory(parent=program_index, title="KOMET 3–11")
    group = make_offering(program=program, sessions=1, capacity=SEATS)
    households = [register(program, n) for n in range(INVITED)]
    now = timezone.now()
    invite(group, InviteMode.PRIORITY_WINDOW, priority_hours=48, now=now)
    invitations = {inv.registration_id: inv for inv in group.interest_invitations.select_related(
        "registration", "offering"
    )}  # fmt: skip
    requests: list[Callable[[], object]] = [
        (lambda inv=invitations[household.pk]: book_invited(inv)) for household in households
    ] + [
        (lambda n=n: book_uninvited(group, f"uninvited{n}@example.org"))
        for n in range(UNINVITED)
    ]
    order = list(range(len(requests)))
    random.Random(15).shuffle(order)
    return group, [requests[i] for i in order], {pos for pos, i in enumerate(order) if i < INVITED}


@pytest.mark.usefixtures("widen_race")
def test_a_hundred_invited_households_fill_six_seats_in_lock_order_and_nobody_else_gets_in(
    rush, lock_order
):
    group, requests, invited = rush

    results = run_pooled(requests)

    uninvited = [results[i] for i in range(len(requests)) if i not in invited]
    assert all(isinstance(each, BookingError) for each in uninvited), uninvited
    assert {each.code for each in uninvited} == {"not_open"}
    assert all(isinstance(results[i], Booking) for i in invited)

    bookings = Booking.objects.filter(offering=group)
    confirmed = list(bookings.filter(status=BookingStatus.CONFIRMED))
    waitlist = list(
        bookings.filter(status=BookingStatus.WAITLISTED).order_by(*selectors.waitlist_ordering())
    )
    assert (len(confirmed), len(waitlist)) == (SEATS, INVITED - SEATS)
    assert not bookings.filter(email__startswith="uninvited").exists()

    # Arrival order is the order the bookings got the lock (the refused ones took it too).
    arrived = [index for index in lock_order if index in invited]
    booked_by = {results[index].pk: index for index in invited}
    assert {booked_by[each.pk] for each in confirmed} == set(arrived[:SEATS])
    assert [booked_by[each.pk] for each in waitlist] == arrived[SEATS:]
    assert [booked_by[pk] for pk in bookings.order_by("pk").values_list("pk", flat=True)] == (
        arrived
    )
    assert max(each.created_at for each in confirmed) <= min(
        each.waitlisted_at for each in waitlist
    )

    assert group.interest_invitations.filter(booking__isnull=True).count() == 0
    assert set(
        group.program.interest_registrations.values_list("status", flat=True)
    ) == {InterestStatus.BOOKED}


@pytest.mark.usefixtures("widen_race", "without_lock")
def test_control_without_the_lock_the_same_rush_oversells(rush):
    """Shows the test above would catch a missing lock."""
    group, requests, _invited = rush

    run_pooled(requests)

    confirmed = Booking.objects.filter(offering=group, status=BookingStatus.CONFIRMED).count()
    assert confirmed > SEATS


@pytest.mark.usefixtures("widen_race")
def test_control_without_the_window_check_parents_without_an_invitation_get_in(rush, monkeypatch):
    """Shows the test above would catch a window that lets everyone in."""
    monkeypatch.setattr(booking, "_window_refusal", lambda offering, *, now: None)
    group, requests, _invited = rush

    results = run_pooled(requests)

    assert not any(isinstance(each, BookingError) for each in results)
    assert Booking.objects.filter(offering=group, email__startswith="uninvited").count() == (
        UNINVITED
    )
