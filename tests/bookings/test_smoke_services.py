from bookings.models import BookingStatus
from bookings.selectors import availability_of
from bookings.services import book_offering, cancel_booking


def test_full_offering_waitlists_then_promotes(make_offering):
    offering = make_offering(capacity=1)
    first = book_offering(offering_id=offering.pk, email="a@example.org", name="A")
    second = book_offering(offering_id=offering.pk, email="b@example.org", name="B")
    assert (first.status, second.status) == (BookingStatus.CONFIRMED, BookingStatus.WAITLISTED)
    assert availability_of(offering).waitlist_length == 1
    cancel_booking(booking_id=first.pk)
    second.refresh_from_db()
    assert second.status == BookingStatus.CONFIRMED
