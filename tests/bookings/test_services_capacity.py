"""change_capacity: lowering bumps nobody and shows over-full; raising promotes the waitlist."""

import pytest

from bookings import selectors
from bookings.models import Booking, BookingStatus, CapacityUnit, WaitlistPolicy
from bookings.services import BookingError, book_offering, cancel_booking, change_capacity
from tests.factories import BookingFactory, WaitlistedBookingFactory


def statuses(*bookings):
    for booking in bookings:
        booking.refresh_from_db()
    return [booking.status for booking in bookings]


@pytest.fixture
def full_offering(make_offering):
    """Six households booked into six seats, three more waiting."""
    offering = make_offering(capacity=6, waitlist_policy=WaitlistPolicy.AUTO)
    seated = BookingFactory.create_batch(6, offering=offering)
    queue = [WaitlistedBookingFactory(offering=offering) for _ in range(3)]
    return offering, seated, queue


def test_lowering_capacity_below_booked_bumps_nobody(full_offering):
    offering, seated, queue = full_offering
    changed = change_capacity(offering_id=offering.pk, capacity=4)
    assert changed.capacity == 4
    assert statuses(*seated) == [BookingStatus.CONFIRMED] * 6
    assert statuses(*queue) == [BookingStatus.WAITLISTED] * 3
    availability = selectors.availability_of(offering)
    assert availability.is_over_full
    assert availability.is_full
    assert availability.seats_left == 0
    assert not availability.can_book_seat
    assert availability.can_join_waitlist


def test_over_full_offering_waitlists_new_bookings(full_offering):
    offering, _seated, _queue = full_offering
    change_capacity(offering_id=offering.pk, capacity=4)
    booking = book_offering(offering_id=offering.pk, email="new@example.org", name="N")
    assert booking.status == BookingStatus.WAITLISTED


def test_nobody_is_promoted_while_over_full_even_when_someone_cancels(full_offering):
    offering, seated, queue = full_offering
    change_capacity(offering_id=offering.pk, capacity=4)

    cancel_booking(booking_id=seated[0].pk)  # 5 booked, capacity 4
    cancel_booking(booking_id=seated[1].pk)  # 4 booked: full, still no room
    assert statuses(*queue) == [BookingStatus.WAITLISTED] * 3
    availability = selectors.availability_of(offering)
    assert (availability.seats_taken, availability.is_over_full) == (4, False)

    cancel_booking(booking_id=seated[2].pk)  # 3 booked: one seat of room at last
    assert statuses(*queue) == [
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLISTED,
        BookingStatus.WAITLISTED,
    ]
    assert selectors.availability_of(offering).seats_taken == 4


def test_raising_capacity_promotes_the_waitlist(full_offering):
    offering, _seated, queue = full_offering
    change_capacity(offering_id=offering.pk, capacity=8)
    assert statuses(*queue) == [
        BookingStatus.CONFIRMED,
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLISTED,
    ]
    availability = selectors.availability_of(offering)
    assert (availability.seats_taken, availability.seats_left) == (8, 0)


def test_raising_capacity_of_an_over_full_offering_promotes_only_past_the_booked(full_offering):
    offering, _seated, queue = full_offering
    change_capacity(offering_id=offering.pk, capacity=3)
    change_capacity(offering_id=offering.pk, capacity=6)
    assert statuses(*queue) == [BookingStatus.WAITLISTED] * 3
    change_capacity(offering_id=offering.pk, capacity=7)
    assert statuses(*queue) == [BookingStatus.CONFIRMED] + [BookingStatus.WAITLISTED] * 2


def test_raising_capacity_with_offer_policy_offers_seats(make_offering):
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER)
    BookingFactory(offering=offering)
    first, second = WaitlistedBookingFactory.create_batch(2, offering=offering)
    change_capacity(offering_id=offering.pk, capacity=2)
    assert statuses(first, second) == [BookingStatus.OFFERED, BookingStatus.WAITLISTED]
    first.refresh_from_db()
    assert first.offer_expires_at is not None


def test_raising_capacity_counted_in_persons_respects_household_size(make_offering):
    offering = make_offering(capacity=2, capacity_unit=CapacityUnit.PERSONS)
    BookingFactory(offering=offering, persons=2)
    couple = WaitlistedBookingFactory(offering=offering, persons=2)
    single = WaitlistedBookingFactory(offering=offering, persons=1)
    change_capacity(offering_id=offering.pk, capacity=3)
    assert statuses(couple, single) == [BookingStatus.WAITLISTED, BookingStatus.CONFIRMED]
    change_capacity(offering_id=offering.pk, capacity=5)
    assert statuses(couple) == [BookingStatus.CONFIRMED]


def test_negative_capacity_is_refused(full_offering):
    offering, _seated, _queue = full_offering
    with pytest.raises(BookingError) as caught:
        change_capacity(offering_id=offering.pk, capacity=-1)
    assert caught.value.code == "invalid"
    offering.refresh_from_db()
    assert offering.capacity == 6


def test_capacity_zero_closes_seats_but_keeps_bookings(full_offering):
    offering, _seated, _queue = full_offering
    change_capacity(offering_id=offering.pk, capacity=0)
    assert Booking.objects.filter(offering=offering, status=BookingStatus.CONFIRMED).count() == 6
    assert selectors.availability_of(offering).is_over_full
