"""book_offering and cancel_booking: every rule about taking a seat (DESIGN.md, "Booking rules")."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from bookings import selectors
from bookings.models import Booking, BookingStatus, CapacityUnit, OfferingStatus, WaitlistPolicy
from bookings.services import BookingError, book_offering, cancel_booking
from tests.factories import BookingFactory, SessionFactory


def book(offering, email, **fields):
    fields.setdefault("name", "Förälder")
    return book_offering(offering_id=offering.pk, email=email, **fields)


def fill(offering, count, *, persons=1):
    return [book(offering, f"fill{n}@example.org", persons=persons) for n in range(count)]


def booking_error(offering, email="late@example.org", **fields) -> BookingError:
    with pytest.raises(BookingError) as caught:
        book(offering, email, **fields)
    return caught.value


# --- fits / full -------------------------------------------------------------------------


def test_booking_that_fits_is_confirmed_with_what_was_asked(make_offering):
    offering = make_offering(capacity=6)
    booking = book(
        offering,
        "  Parent@Example.ORG ",
        name="  Sara  ",
        persons=2,
        needs_childcare=True,
        access_needs=["hearing_loop", "step_free", "hearing_loop"],
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.email == "parent@example.org"
    assert booking.name == "Sara"
    assert booking.persons == 2
    assert booking.needs_childcare is True
    assert booking.access_needs == ["hearing_loop", "step_free"]
    assert booking.waitlisted_at is None
    assert len(booking.token) >= 40
    assert selectors.availability_of(offering).seats_left == 5


def test_last_seat_is_confirmed_and_the_next_one_waitlisted(make_offering):
    offering = make_offering(capacity=2, waitlist_policy=WaitlistPolicy.AUTO)
    fill(offering, 1)
    last = book(offering, "last@example.org")
    after = book(offering, "after@example.org")
    assert last.status == BookingStatus.CONFIRMED
    assert after.status == BookingStatus.WAITLISTED
    assert after.waitlisted_at is not None
    availability = selectors.availability_of(offering)
    assert (availability.seats_taken, availability.waitlist_length) == (2, 1)


def test_offer_policy_also_waitlists_when_full(make_offering):
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER)
    fill(offering, 1)
    assert book(offering, "next@example.org").status == BookingStatus.WAITLISTED


def test_full_offering_without_waitlist_refuses_with_code_full(make_offering):
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.NONE)
    fill(offering, 1)
    error = booking_error(offering)
    assert error.code == "full"
    assert error.message
    assert Booking.objects.filter(offering=offering).count() == 1


def test_offered_seat_counts_as_taken_for_new_bookings(make_offering):
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER)
    BookingFactory(
        offering=offering,
        status=BookingStatus.OFFERED,
        offer_expires_at=timezone.now() + timedelta(hours=1),
    )
    assert book(offering, "new@example.org").status == BookingStatus.WAITLISTED


def test_cancelled_and_expired_bookings_hold_no_seat(make_offering):
    offering = make_offering(capacity=1)
    BookingFactory(offering=offering, status=BookingStatus.CANCELLED)
    BookingFactory(offering=offering, status=BookingStatus.EXPIRED)
    assert book(offering, "new@example.org").status == BookingStatus.CONFIRMED


# --- capacity units and household size ---------------------------------------------------


def test_households_take_one_seat_whatever_their_size(make_offering):
    offering = make_offering(capacity=2, capacity_unit=CapacityUnit.HOUSEHOLDS)
    first = book(offering, "a@example.org", persons=2)
    second = book(offering, "b@example.org", persons=2)
    third = book(offering, "c@example.org", persons=1)
    assert [first.status, second.status, third.status] == [
        BookingStatus.CONFIRMED,
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLISTED,
    ]


def test_counting_persons_a_couple_takes_two_seats(make_offering):
    offering = make_offering(capacity=3, capacity_unit=CapacityUnit.PERSONS)
    couple = book(offering, "couple@example.org", persons=2)
    assert couple.status == BookingStatus.CONFIRMED
    assert selectors.availability_of(offering).seats_left == 1
    another_couple = book(offering, "other@example.org", persons=2)
    assert another_couple.status == BookingStatus.WAITLISTED
    single = book(offering, "single@example.org", persons=1)
    assert single.status == BookingStatus.CONFIRMED
    assert selectors.availability_of(offering).is_full


def test_counting_persons_without_waitlist_a_couple_that_does_not_fit_is_refused(make_offering):
    offering = make_offering(
        capacity=3, capacity_unit=CapacityUnit.PERSONS, waitlist_policy=WaitlistPolicy.NONE
    )
    book(offering, "couple@example.org", persons=2)
    assert booking_error(offering, persons=2).code == "full"
    assert book(offering, "single@example.org", persons=1).status == BookingStatus.CONFIRMED


def test_more_persons_than_allowed_per_booking_is_refused(make_offering):
    offering = make_offering(capacity=10, max_persons_per_booking=2)
    error = booking_error(offering, persons=3)
    assert error.code == "too_many_persons"
    assert not Booking.objects.filter(offering=offering).exists()
    assert book(offering, "ok@example.org", persons=2).status == BookingStatus.CONFIRMED


@pytest.mark.parametrize("persons", [0, -1])
def test_a_booking_needs_at_least_one_person(make_offering, persons):
    offering = make_offering()
    assert booking_error(offering, persons=persons).code == "invalid"


def test_access_needs_must_come_from_the_fixed_list(make_offering):
    offering = make_offering()
    assert booking_error(offering, access_needs=["diagnosis: adhd"]).code == "invalid"
    assert not Booking.objects.exists()


# --- booking window and offering status --------------------------------------------------


def test_booking_before_the_window_opens_is_refused(make_offering):
    now = timezone.now()
    offering = make_offering(booking_opens_at=now + timedelta(days=1))
    error = booking_error(offering, now=now)
    assert error.code == "not_open"
    booking = book(offering, "on-time@example.org", now=now + timedelta(days=1))
    assert booking.status == BookingStatus.CONFIRMED


def test_booking_after_the_window_closes_is_refused(make_offering):
    now = timezone.now()
    offering = make_offering(booking_closes_at=now + timedelta(days=1))
    assert book(offering, "in-time@example.org", now=now).status == BookingStatus.CONFIRMED
    error = booking_error(offering, now=now + timedelta(days=1))
    assert error.code == "closed"


def test_window_closes_by_default_when_the_first_session_starts(make_offering):
    offering = make_offering(sessions=0)
    starts = timezone.now() + timedelta(days=3)
    SessionFactory(offering=offering, starts_at=starts + timedelta(days=7))
    SessionFactory(offering=offering, starts_at=starts)
    just_before = starts - timedelta(minutes=1)
    assert book(offering, "a@example.org", now=just_before).status == BookingStatus.CONFIRMED
    assert booking_error(offering, now=starts).code == "closed"
    assert booking_error(offering, now=starts + timedelta(days=1)).code == "closed"


def test_a_cancelled_first_session_does_not_close_the_window(make_offering):
    offering = make_offering(sessions=0)
    starts = timezone.now() + timedelta(days=3)
    SessionFactory(offering=offering, starts_at=starts, is_cancelled=True)
    SessionFactory(offering=offering, starts_at=starts + timedelta(days=7))
    booking = book(offering, "a@example.org", now=starts + timedelta(days=1))
    assert booking.status == BookingStatus.CONFIRMED


def test_explicit_close_wins_over_the_first_session(make_offering):
    offering = make_offering(sessions=0)
    starts = timezone.now() + timedelta(days=3)
    SessionFactory(offering=offering, starts_at=starts)
    offering.booking_closes_at = starts - timedelta(days=1)
    offering.save()
    assert booking_error(offering, now=starts - timedelta(hours=1)).code == "closed"


@pytest.mark.parametrize("status", [OfferingStatus.DRAFT, OfferingStatus.CANCELLED])
def test_draft_and_cancelled_offerings_are_not_bookable(make_offering, status):
    offering = make_offering(status=status)
    assert booking_error(offering).code == "closed"
    assert not Booking.objects.exists()


def test_unknown_offering_raises_does_not_exist(db):
    from bookings.models import Offering

    with pytest.raises(Offering.DoesNotExist):
        book_offering(offering_id=999_999, email="a@example.org", name="A")


# --- duplicates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first_status", [BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.OFFERED]
)
def test_second_active_booking_for_the_same_email_is_refused(make_offering, first_status):
    offering = make_offering(capacity=1)
    first = BookingFactory(
        offering=offering,
        email="parent@example.org",
        status=first_status,
        waitlisted_at=timezone.now(),
        offer_expires_at=timezone.now() + timedelta(days=1),
    )
    error = booking_error(offering, email="Parent@Example.org")
    assert error.code == "duplicate"
    assert error.booking == first
    assert Booking.objects.filter(offering=offering).count() == 1


def test_a_parent_with_a_seat_in_a_full_group_is_told_of_the_booking_not_that_it_is_full(
    make_offering,
):
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.NONE)
    first = book(offering, "parent@example.org")
    error = booking_error(offering, email="Parent@example.org")
    assert (error.code, error.booking) == ("duplicate", first)
    assert booking_error(offering, email="other@example.org").code == "full"


def test_duplicate_check_ignores_case_and_spaces(make_offering):
    offering = make_offering()
    first = book(offering, "parent@example.org")
    error = booking_error(offering, email="  PARENT@example.ORG")
    assert error.code == "duplicate"
    assert error.booking == first


def test_same_email_may_book_another_offering(make_offering):
    first = make_offering()
    second = make_offering(program=first.program)
    book(first, "parent@example.org")
    assert book(second, "parent@example.org").status == BookingStatus.CONFIRMED


@pytest.mark.parametrize("ended", [BookingStatus.CANCELLED, BookingStatus.EXPIRED])
def test_booking_again_after_cancel_or_expiry_works(make_offering, ended):
    offering = make_offering()
    BookingFactory(offering=offering, email="parent@example.org", status=ended)
    again = book(offering, "parent@example.org")
    assert again.status == BookingStatus.CONFIRMED


def test_booking_again_after_cancelling_through_the_service(make_offering):
    offering = make_offering()
    first = book(offering, "parent@example.org")
    cancel_booking(booking_id=first.pk)
    again = book(offering, "parent@example.org")
    assert again.pk != first.pk
    assert again.status == BookingStatus.CONFIRMED


def test_staff_bookings_without_email_are_not_duplicates(make_offering):
    offering = make_offering()
    book(offering, "", source="staff")
    assert book(offering, "", source="staff").status == BookingStatus.CONFIRMED


def test_the_database_constraint_is_the_duplicate_check(make_offering):
    """Nothing is read for duplicates before the insert: the unique constraint refuses it, and
    the service turns that into BookingError("duplicate") pointing at the first booking, never
    a leaking IntegrityError."""
    offering = make_offering()
    first = book(offering, "parent@example.org")
    error = booking_error(offering, email="parent@example.org")
    assert (error.code, error.booking) == ("duplicate", first)
    assert isinstance(error.__cause__, IntegrityError)
    assert Booking.objects.filter(offering=offering).count() == 1
    # The surrounding transaction is still usable after the rolled-back insert.
    assert book(offering, "other@example.org").status == BookingStatus.CONFIRMED


# --- cancelling ---------------------------------------------------------------------------


def test_cancel_frees_the_seat(make_offering):
    offering = make_offering(capacity=1, waitlist_policy=WaitlistPolicy.NONE)
    (booking,) = fill(offering, 1)
    now = timezone.now()
    cancelled = cancel_booking(booking_id=booking.pk, now=now)
    assert cancelled.status == BookingStatus.CANCELLED
    assert cancelled.cancelled_at == now
    assert selectors.availability_of(offering).seats_left == 1
    assert book(offering, "next@example.org").status == BookingStatus.CONFIRMED


def test_cancelling_twice_is_refused(make_offering):
    offering = make_offering()
    booking = book(offering, "a@example.org")
    cancel_booking(booking_id=booking.pk)
    with pytest.raises(BookingError) as caught:
        cancel_booking(booking_id=booking.pk)
    assert caught.value.code == "not_active"


def test_cancelling_an_unknown_booking(db):
    with pytest.raises(BookingError) as caught:
        cancel_booking(booking_id=999_999)
    assert caught.value.code == "not_found"


def test_the_offering_lock_refuses_to_be_taken_outside_a_transaction():
    """Outside transaction.atomic() the row lock would end with the statement that took it,
    before the seats are counted: taking it there is a mistake, refused at once (no database
    needed to see it)."""
    from bookings.services import locking

    with pytest.raises(RuntimeError) as refused:
        locking.lock_offering(offering_id=1)
    assert str(refused.value) == "lock_offering() must run inside transaction.atomic()"
