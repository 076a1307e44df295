"""The organizer's services (bookings/services/staff.py) called directly: the rules behind the
buttons on the offering page."""

from datetime import timedelta

import pytest

from bookings.models import BookingStatus, CapacityUnit, OutboxMessage
from bookings.selectors import waitlist_ordering
from bookings.services import BookingError, staff
from tests.factories import BookingFactory, VenueFactory, WaitlistedBookingFactory


def line(offering) -> list[str]:
    """The names on the waitlist, first in line first."""
    waiting = offering.bookings.filter(status=BookingStatus.WAITLISTED)
    return list(waiting.order_by(*waitlist_ordering()).values_list("name", flat=True))


def test_a_phoned_household_without_an_address_gets_no_e_mail(make_offering, actor):
    offering = make_offering()

    booking = staff.add_booking_by_staff(offering_id=offering.pk, actor=actor, name="Ringde")

    assert booking.email == ""
    assert not OutboxMessage.objects.exists()


def test_the_only_household_in_line_can_be_put_first(make_offering, actor):
    offering = make_offering(capacity=1)
    BookingFactory(offering=offering)
    alone = WaitlistedBookingFactory(offering=offering, name="Ensam")

    booking = staff.raise_waitlist_priority(booking_id=alone.pk, actor=actor)

    assert booking.waitlist_priority == 0
    assert line(offering) == ["Ensam"]


def test_putting_the_first_in_line_first_again_changes_nothing(make_offering, actor):
    offering = make_offering(capacity=1)
    BookingFactory(offering=offering)
    first = WaitlistedBookingFactory(offering=offering, name="Först", waitlist_priority=3)
    WaitlistedBookingFactory(offering=offering, name="Sist", waitlist_priority=2)

    booking = staff.raise_waitlist_priority(booking_id=first.pk, actor=actor)

    assert booking.waitlist_priority == 3
    first.refresh_from_db()
    assert first.waitlist_priority == 3


def test_put_first_ahead_of_a_household_raised_earlier(make_offering, actor):
    offering = make_offering(capacity=1)
    BookingFactory(offering=offering)
    WaitlistedBookingFactory(offering=offering, name="Remitterad", waitlist_priority=1000)
    later = WaitlistedBookingFactory(offering=offering, name="Senare")

    staff.raise_waitlist_priority(booking_id=later.pk, actor=actor)

    assert line(offering) == ["Senare", "Remitterad"]
    later.refresh_from_db()
    assert later.waitlist_priority == 1001


def test_only_this_groups_waitlist_counts_when_putting_first(make_offering, actor):
    offering, other = make_offering(capacity=1), make_offering(capacity=1)
    BookingFactory(offering=offering)
    WaitlistedBookingFactory(offering=offering, name="Först")
    later = WaitlistedBookingFactory(offering=offering, name="Senare")
    WaitlistedBookingFactory(offering=other, waitlist_priority=50)  # another group's referral
    BookingFactory(offering=offering, waitlist_priority=40)  # seated since being put first

    booking = staff.raise_waitlist_priority(booking_id=later.pk, actor=actor)

    assert booking.waitlist_priority == 1
    assert line(offering) == ["Senare", "Först"]


def test_a_seat_by_hand_counts_the_household_in_persons(make_offering, actor):
    offering = make_offering(capacity=3, capacity_unit=CapacityUnit.PERSONS)
    BookingFactory(offering=offering, persons=2)
    couple = WaitlistedBookingFactory(offering=offering, persons=2)

    with pytest.raises(BookingError) as refused:
        staff.give_seat_by_hand(booking_id=couple.pk, actor=actor, offer=False)

    assert refused.value.code == "full"
    couple.refresh_from_db()
    assert couple.status == BookingStatus.WAITLISTED


def test_moving_a_session_keeps_its_own_venue_unless_given_another(make_offering, actor):
    offering = make_offering(sessions=2)
    own, other = VenueFactory(name="Biblioteket"), VenueFactory(name="Simhallen")
    first, second = offering.sessions.order_by("starts_at")
    for session in (first, second):
        session.venue = own
        session.save()

    for session, venue in ((first, None), (second, other)):
        starts = session.starts_at + timedelta(hours=1)
        staff.move_session(
            session_id=session.pk,
            actor=actor,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            venue=venue,
        )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.venue, second.venue) == (own, other)
