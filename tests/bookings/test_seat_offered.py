"""When a waitlisted household was first offered or given a seat (`Booking.seat_offered_at`):
written by every service that takes a household off the waitlist, once, in the same update."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Booking, BookingStatus, WaitlistPolicy
from bookings.services import (
    accept_offer,
    book_offering,
    cancel_booking,
    decline_offer,
    expire_offers,
    promote_waitlist,
)
from bookings.services.capacity import change_capacity
from bookings.services.staff import give_seat_by_hand
from tests.factories import (
    BookingFactory,
    OfferedBookingFactory,
    UserFactory,
    WaitlistedBookingFactory,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def offered_at(booking: Booking):
    booking.refresh_from_db()
    return booking.status, booking.seat_offered_at


@pytest.mark.parametrize(
    ("policy", "status"),
    [(WaitlistPolicy.AUTO, BookingStatus.CONFIRMED), (WaitlistPolicy.OFFER, BookingStatus.OFFERED)],
)
def test_a_freed_seat_records_when_the_waiting_household_got_it(make_offering, policy, status):
    offering = make_offering(capacity=1, waitlist_policy=policy)
    seat = BookingFactory(offering=offering)
    first, second = WaitlistedBookingFactory.create_batch(2, offering=offering)

    cancel_booking(booking_id=seat.pk, now=NOW)

    assert offered_at(first) == (status, NOW)
    # Still waiting: never offered a seat.
    assert offered_at(second) == (BookingStatus.WAITLISTED, None)


def test_a_seat_booked_straight_away_was_never_offered_from_the_waitlist(make_offering):
    offering = make_offering(capacity=1)
    booking = book_offering(offering_id=offering.pk, email="a@example.org", name="A")
    assert offered_at(booking) == (BookingStatus.CONFIRMED, None)


def test_raising_the_capacity_records_the_promotion(make_offering):
    offering = make_offering(capacity=0, waitlist_policy=WaitlistPolicy.AUTO)
    waiting = WaitlistedBookingFactory(offering=offering)

    change_capacity(offering_id=offering.pk, capacity=1)

    status, when = offered_at(waiting)
    assert status == BookingStatus.CONFIRMED
    assert when is not None and abs(timezone.now() - when) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("offer", "status"), [(True, BookingStatus.OFFERED), (False, BookingStatus.CONFIRMED)]
)
def test_staff_giving_the_seat_by_hand_records_it(make_offering, offer, status):
    offering = make_offering(capacity=1)
    waiting = WaitlistedBookingFactory(offering=offering)

    give_seat_by_hand(booking_id=waiting.pk, actor=UserFactory(), offer=offer, now=NOW)

    assert offered_at(waiting) == (status, NOW)


def test_accepting_keeps_the_time_of_the_offer(make_offering):
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER)
    seat = BookingFactory(offering=offering)
    waiting = WaitlistedBookingFactory(offering=offering)
    cancel_booking(booking_id=seat.pk, now=NOW)

    accept_offer(booking_id=waiting.pk, now=NOW + timedelta(hours=3))

    assert offered_at(waiting) == (BookingStatus.CONFIRMED, NOW)


def test_an_offer_from_before_the_field_existed_gets_it_when_accepted(make_offering):
    offered = OfferedBookingFactory(offering=make_offering(capacity=1))
    assert offered.seat_offered_at is None

    accept_offer(booking_id=offered.pk, now=NOW)

    assert offered_at(offered) == (BookingStatus.CONFIRMED, NOW)


def test_a_second_offer_keeps_the_first_time(make_offering):
    """Offered, put back on the waitlist by staff, offered again: the first time stays."""
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER)
    seat = BookingFactory(offering=offering)
    waiting = WaitlistedBookingFactory(offering=offering)
    cancel_booking(booking_id=seat.pk, now=NOW)
    # Staff put the household back on the waitlist by hand (an expired offer does not).
    Booking.objects.filter(pk=waiting.pk).update(
        status=BookingStatus.WAITLISTED, offer_expires_at=None
    )

    promote_waitlist(offering_id=offering.pk, now=NOW + timedelta(days=2))

    assert offered_at(waiting) == (BookingStatus.OFFERED, NOW)


def test_the_seat_of_an_expired_offer_is_recorded_for_the_next_household(make_offering):
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER)
    seat = BookingFactory(offering=offering)
    first, second = WaitlistedBookingFactory.create_batch(2, offering=offering)
    cancel_booking(booking_id=seat.pk, now=NOW)
    later = NOW + timedelta(days=10)

    expire_offers(now=later)

    assert offered_at(first) == (BookingStatus.EXPIRED, NOW)
    assert offered_at(second) == (BookingStatus.OFFERED, later)


def test_declining_keeps_the_record_that_a_seat_was_offered(make_offering):
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER)
    seat = BookingFactory(offering=offering)
    waiting = WaitlistedBookingFactory(offering=offering)
    cancel_booking(booking_id=seat.pk, now=NOW)

    decline_offer(booking_id=waiting.pk)

    assert offered_at(waiting) == (BookingStatus.CANCELLED, NOW)
