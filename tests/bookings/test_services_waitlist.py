"""Waitlist promotion, seat offers and their expiry (DESIGN.md, "Booking rules")."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django_tasks.base import TaskResultStatus

from bookings import selectors
from bookings.models import Booking, BookingStatus, CapacityUnit, OfferingStatus, WaitlistPolicy
from bookings.services import (
    BookingError,
    accept_offer,
    book_offering,
    cancel_booking,
    decline_offer,
    expire_offers,
    promote_waitlist,
)
from bookings.tasks import expire_overdue_offers
from tests.factories import BookingFactory, OfferedBookingFactory, WaitlistedBookingFactory

NOW = timezone.now()


def statuses(*bookings):
    for booking in bookings:
        booking.refresh_from_db()
    return [booking.status for booking in bookings]


def snapshot(offering):
    return list(
        Booking.objects.filter(offering=offering)
        .order_by("pk")
        .values_list("pk", "status", "offer_expires_at", "updated_at")
    )


def waiting(offering, **fields):
    return WaitlistedBookingFactory(offering=offering, **fields)


# --- order of promotion --------------------------------------------------------------------


def test_cancel_promotes_by_priority_then_time_on_the_waitlist(make_offering):
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.AUTO)
    seat = BookingFactory(offering=offering)
    joined_second = waiting(offering, waitlisted_at=NOW - timedelta(hours=1))
    joined_first = waiting(offering, waitlisted_at=NOW - timedelta(hours=2))
    priority = waiting(offering, waitlisted_at=NOW - timedelta(minutes=5), waitlist_priority=5)

    cancel_booking(booking_id=seat.pk)
    assert statuses(priority, joined_first, joined_second) == [
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLISTED,
        BookingStatus.WAITLISTED,
    ]
    cancel_booking(booking_id=priority.pk)
    assert statuses(joined_first, joined_second) == [
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLISTED,
    ]
    cancel_booking(booking_id=joined_first.pk)
    assert statuses(joined_second) == [BookingStatus.CONFIRMED]


def test_same_waitlist_time_falls_back_to_who_was_stored_first(make_offering):
    offering = make_offering(capacity=1)
    seat = BookingFactory(offering=offering)
    first = waiting(offering, waitlisted_at=NOW)
    second = waiting(offering, waitlisted_at=NOW)
    cancel_booking(booking_id=seat.pk)
    assert statuses(first, second) == [BookingStatus.CONFIRMED, BookingStatus.WAITLISTED]


def test_waitlisted_through_the_service_are_promoted_in_booking_order(make_offering):
    offering = make_offering(capacity=1)
    start = timezone.now()
    seat = book_offering(offering_id=offering.pk, email="s@example.org", name="S", now=start)
    later = [
        book_offering(
            offering_id=offering.pk,
            email=f"w{n}@example.org",
            name="W",
            now=start + timedelta(seconds=n + 1),
        )
        for n in range(3)
    ]
    assert [selectors.waitlist_position(booking) for booking in later] == [1, 2, 3]
    promoted = []
    for holder in [seat, *later[:-1]]:
        cancel_booking(booking_id=holder.pk)
        promoted.append(Booking.objects.get(status=BookingStatus.CONFIRMED).pk)
    assert promoted == [booking.pk for booking in later]


def test_one_freed_seat_promotes_exactly_one(make_offering):
    offering = make_offering(capacity=2)
    seats = BookingFactory.create_batch(2, offering=offering)
    queue = [waiting(offering) for _ in range(3)]
    cancel_booking(booking_id=seats[0].pk)
    assert statuses(*queue) == [
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLISTED,
        BookingStatus.WAITLISTED,
    ]
    assert selectors.availability_of(offering).seats_taken == 2


def test_cancelling_a_waitlisted_booking_promotes_nobody(make_offering):
    offering = make_offering(capacity=1)
    BookingFactory(offering=offering)
    leaving, staying = waiting(offering), waiting(offering)
    before = snapshot(offering)
    cancel_booking(booking_id=leaving.pk)
    after = {pk: status for pk, status, *_ in snapshot(offering)}
    assert after[leaving.pk] == BookingStatus.CANCELLED
    assert all(after[pk] == status for pk, status, *_ in before if pk != leaving.pk)
    staying.refresh_from_db()
    assert selectors.waitlist_position(staying) == 1


def test_no_promotion_without_waitlist_policy(make_offering):
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.NONE)
    seat = BookingFactory(offering=offering)
    stray = waiting(offering)  # e.g. left over from before staff switched the waitlist off
    cancel_booking(booking_id=seat.pk)
    assert statuses(stray) == [BookingStatus.WAITLISTED]


@pytest.mark.parametrize("status", [OfferingStatus.DRAFT, OfferingStatus.CANCELLED])
def test_no_promotion_into_an_offering_that_is_not_published(make_offering, status):
    offering = make_offering(capacity=1)
    seat = BookingFactory(offering=offering)
    queued = waiting(offering)
    offering.status = status
    offering.save()
    cancel_booking(booking_id=seat.pk)
    assert statuses(queued) == [BookingStatus.WAITLISTED]


def test_promote_waitlist_with_no_free_seat_does_nothing(make_offering):
    """Not even reading the waitlist: a full offering (the usual case when a waitlisted
    booking is cancelled) costs the lock and the seat count only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    offering = make_offering(capacity=1)
    BookingFactory(offering=offering)
    waiting(offering)
    before = snapshot(offering)
    with CaptureQueriesContext(connection) as queries:
        assert promote_waitlist(offering_id=offering.pk) == []
    assert snapshot(offering) == before
    assert not [q for q in queries.captured_queries if "waitlisted_at" in q["sql"]]


def test_promote_waitlist_returns_the_households_it_moved_up(make_offering):
    offering = make_offering(capacity=3)
    BookingFactory(offering=offering)
    first, second, third = waiting(offering), waiting(offering), waiting(offering)

    promoted = promote_waitlist(offering_id=offering.pk)

    assert [booking.pk for booking in promoted] == [first.pk, second.pk]
    assert [booking.status for booking in promoted] == [BookingStatus.CONFIRMED] * 2
    assert statuses(third) == [BookingStatus.WAITLISTED]


# --- households of several persons ----------------------------------------------------------


def test_household_is_offered_all_its_seats_or_none_and_keeps_its_place(make_offering):
    offering = make_offering(
        capacity=4, capacity_unit=CapacityUnit.PERSONS, waitlist_policy=WaitlistPolicy.AUTO
    )
    couple_seated = BookingFactory(offering=offering, persons=2)
    single_a = BookingFactory(offering=offering, persons=1)
    single_b = BookingFactory(offering=offering, persons=1)
    couple = waiting(offering, persons=2)
    single_c = waiting(offering, persons=1)
    single_d = waiting(offering, persons=1)

    cancel_booking(booking_id=single_a.pk)  # one seat free: the couple does not fit
    assert statuses(couple, single_c, single_d) == [
        BookingStatus.WAITLISTED,
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLISTED,
    ]
    assert selectors.waitlist_position(couple) == 1
    assert selectors.waitlist_position(single_d) == 2

    cancel_booking(booking_id=single_b.pk)  # again one seat: skipped again
    assert statuses(couple, single_d) == [BookingStatus.WAITLISTED, BookingStatus.CONFIRMED]
    assert selectors.waitlist_position(couple) == 1

    cancel_booking(booking_id=couple_seated.pk)  # two seats: the couple, all of it
    assert statuses(couple) == [BookingStatus.CONFIRMED]
    assert selectors.availability_of(offering).seats_taken == 4


def test_two_freed_seats_go_to_two_singles_when_the_first_household_needs_three(make_offering):
    offering = make_offering(
        capacity=5,
        capacity_unit=CapacityUnit.PERSONS,
        max_persons_per_booking=3,
        waitlist_policy=WaitlistPolicy.OFFER,
    )
    leaving = BookingFactory(offering=offering, persons=2)
    BookingFactory(offering=offering, persons=3)
    family = waiting(offering, persons=3)
    single_a = waiting(offering, persons=1)
    single_b = waiting(offering, persons=1)
    single_c = waiting(offering, persons=1)
    cancel_booking(booking_id=leaving.pk, now=NOW)
    assert statuses(family, single_a, single_b, single_c) == [
        BookingStatus.WAITLISTED,
        BookingStatus.OFFERED,
        BookingStatus.OFFERED,
        BookingStatus.WAITLISTED,
    ]
    assert selectors.availability_of(offering).seats_taken == 5


def test_households_unit_promotes_a_couple_into_one_seat(make_offering):
    offering = make_offering(capacity=1, capacity_unit=CapacityUnit.HOUSEHOLDS)
    seat = BookingFactory(offering=offering, persons=1)
    couple = waiting(offering, persons=2)
    cancel_booking(booking_id=seat.pk)
    assert statuses(couple) == [BookingStatus.CONFIRMED]


# --- the offer policy -------------------------------------------------------------------------


@pytest.fixture
def offer_queue(make_offering):
    """A full offer-policy offering (1 seat, 24 h to answer) with two households waiting."""
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER, offer_hours=24)
    seat = BookingFactory(offering=offering)
    first, second = waiting(offering), waiting(offering)
    return offering, seat, first, second


def test_promotion_offers_the_seat_with_a_deadline(offer_queue):
    offering, seat, first, second = offer_queue
    cancel_booking(booking_id=seat.pk, now=NOW)
    first.refresh_from_db()
    assert first.status == BookingStatus.OFFERED
    assert first.offer_expires_at == NOW + timedelta(hours=24)
    assert statuses(second) == [BookingStatus.WAITLISTED]
    availability = selectors.availability_of(offering)
    assert (availability.seats_taken, availability.is_full) == (1, True)


def test_accepting_before_the_deadline_confirms(offer_queue):
    offering, seat, first, _second = offer_queue
    cancel_booking(booking_id=seat.pk, now=NOW)
    accepted = accept_offer(booking_id=first.pk, now=NOW + timedelta(hours=23))
    assert accepted.status == BookingStatus.CONFIRMED
    assert accepted.offer_expires_at is None
    assert selectors.availability_of(offering).seats_taken == 1


def test_accepting_after_the_deadline_fails_and_the_seat_moves_on(offer_queue):
    offering, seat, first, second = offer_queue
    cancel_booking(booking_id=seat.pk, now=NOW)
    too_late = NOW + timedelta(hours=24)
    with pytest.raises(BookingError) as caught:
        accept_offer(booking_id=first.pk, now=too_late)
    assert caught.value.code == "offer_expired"
    assert statuses(first, second) == [BookingStatus.EXPIRED, BookingStatus.OFFERED]
    assert second.offer_expires_at == too_late + timedelta(hours=24)
    assert selectors.availability_of(offering).seats_taken == 1


def test_accepting_without_an_offer(offer_queue):
    _offering, seat, first, _second = offer_queue
    for booking_id in (seat.pk, first.pk):
        with pytest.raises(BookingError) as caught:
            accept_offer(booking_id=booking_id)
        assert caught.value.code == "no_offer"
    with pytest.raises(BookingError) as caught:
        accept_offer(booking_id=999_999)
    assert caught.value.code == "not_found"


def test_declining_passes_the_seat_on(offer_queue):
    _offering, seat, first, second = offer_queue
    cancel_booking(booking_id=seat.pk, now=NOW)
    declined = decline_offer(booking_id=first.pk, now=NOW + timedelta(hours=1))
    assert declined.status == BookingStatus.CANCELLED
    assert declined.offer_expires_at is None
    assert statuses(second) == [BookingStatus.OFFERED]


def test_only_an_offer_can_be_declined(offer_queue):
    _offering, seat, first, _second = offer_queue
    for booking_id in (seat.pk, first.pk):
        with pytest.raises(BookingError) as caught:
            decline_offer(booking_id=booking_id)
        assert caught.value.code == "not_active"


def test_cancelling_an_offered_booking_passes_the_seat_on(offer_queue):
    _offering, seat, first, second = offer_queue
    cancel_booking(booking_id=seat.pk, now=NOW)
    cancel_booking(booking_id=first.pk, now=NOW)
    assert statuses(first, second) == [BookingStatus.CANCELLED, BookingStatus.OFFERED]


# --- expire_offers and the periodic task ------------------------------------------------------


def test_expire_offers_expires_overdue_promotes_next_and_is_idempotent(make_offering):
    offering = make_offering(capacity=2, waitlist_policy=WaitlistPolicy.OFFER, offer_hours=48)
    overdue = OfferedBookingFactory(offering=offering, offer_expires_at=NOW - timedelta(minutes=1))
    in_time = OfferedBookingFactory(offering=offering, offer_expires_at=NOW + timedelta(hours=1))
    next_in_line, after_that = waiting(offering), waiting(offering)

    other = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER)
    other_overdue = OfferedBookingFactory(offering=other, offer_expires_at=NOW)
    other_next = waiting(other)

    assert expire_offers(now=NOW) == 2
    assert statuses(overdue, in_time, next_in_line, after_that) == [
        BookingStatus.EXPIRED,
        BookingStatus.OFFERED,
        BookingStatus.OFFERED,
        BookingStatus.WAITLISTED,
    ]
    assert next_in_line.offer_expires_at == NOW + timedelta(hours=48)
    assert statuses(other_overdue, other_next) == [BookingStatus.EXPIRED, BookingStatus.OFFERED]

    before = snapshot(offering) + snapshot(other)
    assert expire_offers(now=NOW) == 0
    assert snapshot(offering) + snapshot(other) == before


def test_expire_offers_for_one_offering_leaves_others_alone(make_offering):
    mine = make_offering(waitlist_policy=WaitlistPolicy.OFFER)
    theirs = make_offering(waitlist_policy=WaitlistPolicy.OFFER)
    mine_overdue = OfferedBookingFactory(offering=mine, offer_expires_at=NOW - timedelta(hours=1))
    theirs_overdue = OfferedBookingFactory(
        offering=theirs, offer_expires_at=NOW - timedelta(hours=1)
    )
    assert expire_offers(now=NOW, offering_id=mine.pk) == 1
    assert statuses(mine_overdue, theirs_overdue) == [
        BookingStatus.EXPIRED,
        BookingStatus.OFFERED,
    ]


def test_many_overdue_offers_in_one_offering_are_all_expired(make_offering):
    offering = make_offering(capacity=3, waitlist_policy=WaitlistPolicy.OFFER)
    offers = OfferedBookingFactory.create_batch(
        3, offering=offering, offer_expires_at=NOW - timedelta(hours=1)
    )
    queue = [waiting(offering) for _ in range(4)]
    assert expire_offers(now=NOW) == 3
    assert statuses(*offers) == [BookingStatus.EXPIRED] * 3
    assert statuses(*queue) == [BookingStatus.OFFERED] * 3 + [BookingStatus.WAITLISTED]


def test_periodic_task_expires_an_overdue_offer(make_offering):
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER)
    overdue = OfferedBookingFactory(
        offering=offering, offer_expires_at=timezone.now() - timedelta(minutes=5)
    )
    next_in_line = waiting(offering)
    result = expire_overdue_offers.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert statuses(overdue, next_in_line) == [BookingStatus.EXPIRED, BookingStatus.OFFERED]
    assert expire_overdue_offers.enqueue().return_value == 0


def test_expire_offers_sweeps_each_offering_once_however_many_offers_expire(
    make_offering, monkeypatch
):
    """The sweep's work grows with the offerings concerned, not with the offers in each."""
    from bookings.services import locking

    locked = []
    real_lock = locking.lock_offering

    def counting_lock(*, offering_id):
        locked.append(offering_id)
        return real_lock(offering_id=offering_id)

    monkeypatch.setattr(locking, "lock_offering", counting_lock)
    one = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER)
    OfferedBookingFactory(offering=one, offer_expires_at=NOW - timedelta(hours=1))
    many = make_offering(capacity=3, waitlist_policy=WaitlistPolicy.OFFER)
    OfferedBookingFactory.create_batch(3, offering=many, offer_expires_at=NOW - timedelta(hours=1))

    assert expire_offers(now=NOW) == 4
    assert locked.count(many.pk) == locked.count(one.pk)


def test_the_sweep_locks_and_changes_only_offerings_with_an_overdue_offer(
    make_offering, monkeypatch
):
    """Offers still in time, and a booking that is no longer an offer but kept a past
    deadline, are none of the sweep's business: it neither locks their offering nor changes
    them."""
    from bookings.services import locking

    locked = []
    real_lock = locking.lock_offering

    def recording_lock(*, offering_id):
        locked.append(offering_id)
        return real_lock(offering_id=offering_id)

    overdue = make_offering(capacity=2, waitlist_policy=WaitlistPolicy.OFFER)
    late = OfferedBookingFactory(offering=overdue, offer_expires_at=NOW - timedelta(minutes=1))
    seated = BookingFactory(offering=overdue, offer_expires_at=NOW - timedelta(days=1))
    in_time = make_offering(capacity=2, waitlist_policy=WaitlistPolicy.OFFER)
    OfferedBookingFactory(offering=in_time, offer_expires_at=NOW + timedelta(minutes=1))
    waiting(in_time)
    confirmed = make_offering(capacity=2, waitlist_policy=WaitlistPolicy.OFFER)
    kept_deadline = BookingFactory(offering=confirmed, offer_expires_at=NOW - timedelta(days=1))
    waiting(confirmed)
    monkeypatch.setattr(locking, "lock_offering", recording_lock)

    assert expire_offers(now=NOW) == 1

    assert set(locked) == {overdue.pk}
    assert statuses(late, seated, kept_deadline) == [
        BookingStatus.EXPIRED,
        BookingStatus.CONFIRMED,
        BookingStatus.CONFIRMED,
    ]
    assert Booking.objects.filter(offering=in_time, status=BookingStatus.WAITLISTED).count() == 1


def test_a_late_accept_passes_on_only_its_own_offerings_seat(make_offering):
    """Accepting too late expires that offer at once; another offering's overdue offer waits
    for the sweep (a parent's request takes no other offering's lock)."""
    mine = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER)
    too_late = OfferedBookingFactory(offering=mine, offer_expires_at=NOW - timedelta(minutes=1))
    theirs = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER)
    their_offer = OfferedBookingFactory(offering=theirs, offer_expires_at=NOW - timedelta(hours=1))

    with translation.override("en"), pytest.raises(BookingError) as caught:
        accept_offer(booking_id=too_late.pk, now=NOW)

    assert caught.value.code == "offer_expired"
    assert caught.value.message == "Sorry, the time to accept this seat has run out."
    assert statuses(too_late, their_offer) == [BookingStatus.EXPIRED, BookingStatus.OFFERED]


def test_accepting_what_is_not_an_offer_says_so(offer_queue):
    _offering, seat, _first, _second = offer_queue
    with translation.override("en"), pytest.raises(BookingError) as caught:
        accept_offer(booking_id=seat.pk)
    assert (caught.value.code, caught.value.message) == (
        "no_offer",
        "There is no seat offer to accept.",
    )


def test_an_unknown_booking_is_said_to_be_missing(db):
    for answer in (accept_offer, decline_offer, cancel_booking):
        with translation.override("en"), pytest.raises(BookingError) as caught:
            answer(booking_id=999_999)
        assert (caught.value.code, caught.value.message) == (
            "not_found",
            "We could not find that booking.",
        ), answer


def test_declining_at_a_given_time_records_that_time_and_offers_on_from_it(offer_queue):
    _offering, seat, first, second = offer_queue
    cancel_booking(booking_id=seat.pk, now=NOW)
    at = NOW + timedelta(hours=2)

    declined = decline_offer(booking_id=first.pk, now=at)

    assert declined.cancelled_at == at
    second.refresh_from_db()
    assert second.offer_expires_at == at + timedelta(hours=24)
