"""The interest list's rules for a household: register once per program and address, withdraw,
and leave the list by booking one of the program's groups."""

import pytest

from bookings.models import BookingStatus, InterestRegistration, InterestStatus
from bookings.services import (
    BookingError,
    book_offering,
    register_interest,
    withdraw_interest,
)
from tests.factories import BookingFactory, ProgramPageFactory


@pytest.fixture
def program(program_index):
    return ProgramPageFactory(parent=program_index, title="KOMET 3–11")


def register(program, email="sara@example.org", **fields):
    return register_interest(program_id=program.pk, email=email, name="Sara Nilsson", **fields)


def test_a_registration_waits_with_what_the_parent_chose(program):
    registration = register(
        program,
        email=" Sara@Example.org ",
        phone="070-123 45 67",
        persons=2,
        child_age_band="6-9",
        preferred_language="ar",
        preferred_weekdays=[4, 2, 4],
        preferred_time_of_day="evening",
        language="en",
    )
    stored = InterestRegistration.objects.get()
    assert stored.pk == registration.pk
    assert stored.status == InterestStatus.WAITING
    assert stored.email == "sara@example.org"
    assert (stored.persons, stored.child_age_band, stored.preferred_language) == (2, "6-9", "ar")
    assert stored.preferred_weekdays == [2, 4]
    assert (stored.preferred_time_of_day, stored.language) == ("evening", "en")
    assert stored.registered_at is not None


def test_the_same_address_cannot_wait_twice_for_one_program_whatever_its_case(program):
    first = register(program, email="sara@example.org")
    with pytest.raises(BookingError) as refused:
        register(program, email="SARA@example.ORG")
    assert refused.value.code == "duplicate"
    assert refused.value.registration == first
    assert InterestRegistration.objects.count() == 1


def test_one_address_may_wait_for_several_programs(program, program_index):
    other = ProgramPageFactory(parent=program_index, title="NPF-träffar")
    register(program)
    register(other)
    assert set(InterestRegistration.objects.values_list("program_id", flat=True)) == {
        program.pk,
        other.pk,
    }


def test_a_second_registration_is_refused_naming_the_one_for_that_program(program, program_index):
    # The same address waits for programs made before and after this one.
    register(program)
    later = ProgramPageFactory(parent=program_index, title="NPF-träffar")
    waiting = register(later)
    register(ProgramPageFactory(parent=program_index, title="ANDT-kväll"))
    with pytest.raises(BookingError) as refused:
        register(later)
    assert refused.value.registration == waiting


def test_after_withdrawing_the_household_may_register_again_at_the_back(program):
    first = register(program)
    withdrawn = withdraw_interest(registration_id=first.pk)
    assert withdrawn.status == InterestStatus.WITHDRAWN and withdrawn.withdrawn_at is not None
    again = register(program)
    assert again.pk != first.pk
    assert again.status == InterestStatus.WAITING
    assert again.registered_at > first.registered_at
    first.refresh_from_db()
    assert first.status == InterestStatus.WITHDRAWN


def test_withdrawing_twice_is_refused(program):
    registration = register(program)
    withdraw_interest(registration_id=registration.pk)
    with pytest.raises(BookingError) as refused:
        withdraw_interest(registration_id=registration.pk)
    assert refused.value.code == "not_active"
    registration.refresh_from_db()
    assert registration.status == InterestStatus.WITHDRAWN


@pytest.mark.parametrize("full", [False, True], ids=["seat", "waitlist"])
def test_booking_a_group_of_the_program_takes_the_household_off_the_list(
    program, make_offering, full
):
    registration = register(program, email="sara@example.org")
    offering = make_offering(program=program, capacity=1)
    if full:
        BookingFactory(offering=offering)
    booking = book_offering(offering_id=offering.pk, email="Sara@example.org", name="Sara")
    assert booking.status == (BookingStatus.WAITLISTED if full else BookingStatus.CONFIRMED)
    registration.refresh_from_db()
    assert registration.status == InterestStatus.BOOKED
    assert registration.booking == booking


def test_booking_another_programs_group_keeps_the_household_on_the_list(
    program, program_index, make_offering
):
    registration = register(program, email="sara@example.org")
    other = make_offering(program=ProgramPageFactory(parent=program_index))
    book_offering(offering_id=other.pk, email="sara@example.org", name="Sara")
    registration.refresh_from_db()
    assert registration.status == InterestStatus.WAITING
    assert registration.booking is None


def test_someone_else_booking_the_program_keeps_the_household_on_the_list(program, make_offering):
    registration = register(program, email="sara@example.org")
    offering = make_offering(program=program)
    book_offering(offering_id=offering.pk, email="omar@example.org", name="Omar")
    registration.refresh_from_db()
    assert registration.status == InterestStatus.WAITING


@pytest.mark.parametrize(
    "fields",
    [
        {"preferred_weekdays": [0]},
        {"preferred_weekdays": [8]},
        {"preferred_weekdays": [1, 9]},
        {"preferred_time_of_day": "night"},
        {"persons": 0},
    ],
    ids=["weekday 0", "weekday 8", "one bad day", "time of day", "no persons"],
)
def test_choices_outside_the_lists_are_refused(program, fields):
    with pytest.raises(BookingError) as refused:
        register(program, **fields)
    assert refused.value.code == "invalid"
    assert InterestRegistration.objects.count() == 0
