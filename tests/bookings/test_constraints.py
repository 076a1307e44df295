"""Database constraints hold on their own, without the services in front of them."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings.models import Booking, BookingStatus, Offering, Session
from tests.factories import BookingFactory

ACTIVE = [BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.OFFERED]
ENDED = [BookingStatus.CANCELLED, BookingStatus.EXPIRED]
LATER = timezone.now() + timedelta(days=1)


def insert_booking(offering, **fields):
    fields = {"email": "parent@example.org", "name": "P", "status": "confirmed", **fields}
    if fields["status"] == BookingStatus.OFFERED:
        fields.setdefault("offer_expires_at", LATER)
    if fields["status"] == BookingStatus.WAITLISTED:
        fields.setdefault("waitlisted_at", LATER)
    return Booking.objects.create(offering=offering, **fields)


def rejected(create) -> bool:
    """True when the database refuses the write (inside a savepoint, so the test goes on)."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize("first", ACTIVE)
@pytest.mark.parametrize("second", ACTIVE)
def test_two_active_bookings_for_one_email_are_rejected(make_offering, first, second):
    offering = make_offering()
    insert_booking(offering, status=first)
    assert rejected(lambda: insert_booking(offering, status=second))
    assert Booking.objects.filter(offering=offering).count() == 1


@pytest.mark.parametrize("ended", ENDED)
def test_ended_bookings_do_not_block_a_new_active_one(make_offering, ended):
    offering = make_offering()
    insert_booking(offering, status=ended)
    insert_booking(offering, status=ended)
    assert not rejected(lambda: insert_booking(offering))


def test_reactivating_a_cancelled_duplicate_is_rejected(make_offering):
    offering = make_offering()
    insert_booking(offering)
    old = insert_booking(offering, status=BookingStatus.CANCELLED)
    old.status = BookingStatus.CONFIRMED
    assert rejected(lambda: old.save(update_fields=["status"]))


def test_blank_emails_and_other_offerings_are_not_duplicates(make_offering):
    offering, other = make_offering(), make_offering()
    insert_booking(offering, email="")
    assert not rejected(lambda: insert_booking(offering, email=""))
    insert_booking(offering)
    assert not rejected(lambda: insert_booking(other))


def test_persons_must_be_positive(make_offering):
    offering = make_offering()
    assert rejected(lambda: insert_booking(offering, persons=0))


def test_an_offer_needs_a_deadline(make_offering):
    offering = make_offering()
    assert rejected(
        lambda: insert_booking(offering, status=BookingStatus.OFFERED, offer_expires_at=None)
    )
    booking = insert_booking(offering)
    booking.status = BookingStatus.OFFERED
    assert rejected(lambda: booking.save(update_fields=["status"]))


def test_tokens_are_unique(make_offering):
    offering = make_offering()
    first = BookingFactory(offering=offering)
    assert rejected(lambda: BookingFactory(offering=offering, token=first.token))


def test_offering_needs_at_least_one_person_per_booking(make_offering):
    offering = make_offering()
    assert rejected(
        lambda: Offering.objects.filter(pk=offering.pk).update(max_persons_per_booking=0)
    )


def test_booking_window_must_close_after_it_opens(make_offering):
    offering = make_offering()
    now = timezone.now()
    assert rejected(
        lambda: Offering.objects.filter(pk=offering.pk).update(
            booking_opens_at=now, booking_closes_at=now
        )
    )
    assert not rejected(
        lambda: Offering.objects.filter(pk=offering.pk).update(
            booking_opens_at=now, booking_closes_at=now + timedelta(minutes=1)
        )
    )


def test_session_must_end_after_it_starts(make_offering):
    offering = make_offering()
    session = offering.sessions.get()
    assert rejected(lambda: Session.objects.filter(pk=session.pk).update(ends_at=session.starts_at))


def test_an_offering_with_bookings_cannot_be_deleted(make_offering):
    from django.db.models import ProtectedError

    offering = make_offering()
    BookingFactory(offering=offering)
    with pytest.raises(ProtectedError):
        offering.delete()


def test_active_booking_email_is_unique_whatever_its_case(make_offering):
    offering = make_offering()
    insert_booking(offering, email="Sara@Example.org")
    assert rejected(lambda: insert_booking(offering, email="sara@example.org"))


def test_a_waitlisted_booking_needs_its_time_in_line(make_offering):
    offering = make_offering()
    assert rejected(lambda: insert_booking(offering, status="waitlisted", waitlisted_at=None))


def test_offers_last_at_least_an_hour(make_offering):
    offering = make_offering()
    offering.offer_hours = 0
    assert rejected(offering.save)
