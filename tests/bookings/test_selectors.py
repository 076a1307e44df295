"""Reads: availability, waitlist positions and the "has free seats now" program filter."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings import selectors
from bookings.models import BookingStatus, CapacityUnit, Offering, OfferingStatus, WaitlistPolicy
from bookings.selectors import WindowState
from bookings.services import cancel_booking
from programs.models import ProgramPage
from tests.factories import (
    BookingFactory,
    OfferedBookingFactory,
    SessionFactory,
    WaitlistedBookingFactory,
)

NOW = timezone.now()


# --- waitlist positions ----------------------------------------------------------------------


def test_waitlist_positions_follow_priority_then_time_then_pk(make_offering):
    offering = make_offering(capacity=1)
    BookingFactory(offering=offering)
    late = WaitlistedBookingFactory(offering=offering, waitlisted_at=NOW)
    early = WaitlistedBookingFactory(offering=offering, waitlisted_at=NOW - timedelta(hours=1))
    tie = WaitlistedBookingFactory(offering=offering, waitlisted_at=NOW)
    urgent = WaitlistedBookingFactory(offering=offering, waitlisted_at=NOW, waitlist_priority=1)
    expected = [urgent, early, late, tie]
    assert [selectors.waitlist_position(booking) for booking in expected] == [1, 2, 3, 4]

    cancel_booking(booking_id=early.pk)
    for booking in expected:
        booking.refresh_from_db()
    assert [selectors.waitlist_position(booking) for booking in (urgent, late, tie)] == [1, 2, 3]


def test_positions_agree_with_the_promotion_order(make_offering):
    offering = make_offering(capacity=1)
    BookingFactory(offering=offering)
    queue = [
        WaitlistedBookingFactory(
            offering=offering,
            waitlisted_at=NOW - timedelta(minutes=n % 3),
            waitlist_priority=n % 2,
        )
        for n in range(6)
    ]
    by_position = sorted(queue, key=selectors.waitlist_position)
    ordered = list(
        offering.bookings.filter(status=BookingStatus.WAITLISTED).order_by(
            *selectors.waitlist_ordering()
        )
    )
    assert by_position == ordered


def test_waitlist_position_is_none_unless_waitlisted(make_offering):
    offering = make_offering()
    confirmed = BookingFactory(offering=offering)
    offered = OfferedBookingFactory(offering=offering)
    cancelled = BookingFactory(offering=offering, status=BookingStatus.CANCELLED)
    assert {selectors.waitlist_position(b) for b in (confirmed, offered, cancelled)} == {None}


def test_positions_are_per_offering(make_offering):
    first, second = make_offering(capacity=0), make_offering(capacity=0)
    WaitlistedBookingFactory(offering=first)
    mine = WaitlistedBookingFactory(offering=second)
    assert selectors.waitlist_position(mine) == 1


# --- availability ----------------------------------------------------------------------------


def test_offered_seats_are_held(make_offering):
    offering = make_offering(capacity=3)
    BookingFactory(offering=offering)
    OfferedBookingFactory(offering=offering)
    WaitlistedBookingFactory(offering=offering)
    BookingFactory(offering=offering, status=BookingStatus.CANCELLED)
    BookingFactory(offering=offering, status=BookingStatus.EXPIRED)
    availability = selectors.availability_of(offering)
    assert availability.seats_taken == 2
    assert availability.seats_left == 1
    assert availability.waitlist_length == 1
    assert selectors.seats_taken(offering=offering) == 2


@pytest.mark.parametrize(
    ("unit", "taken"), [(CapacityUnit.PERSONS, 4), (CapacityUnit.HOUSEHOLDS, 2)]
)
def test_seats_counted_in_persons_or_households(make_offering, unit, taken):
    offering = make_offering(capacity=5, capacity_unit=unit)
    BookingFactory(offering=offering, persons=2)
    OfferedBookingFactory(offering=offering, persons=2)
    WaitlistedBookingFactory(offering=offering, persons=2)
    availability = selectors.availability_of(offering)
    assert (availability.seats_taken, availability.seats_left) == (taken, 5 - taken)
    assert availability.counts_households == (unit == CapacityUnit.HOUSEHOLDS)
    assert selectors.seats_taken(offering=offering) == taken


def test_many_sessions_do_not_multiply_seats(make_offering):
    offering = make_offering(sessions=11, capacity=6)
    BookingFactory.create_batch(2, offering=offering)
    WaitlistedBookingFactory.create_batch(3, offering=offering)
    annotated = selectors.with_availability(Offering.objects.filter(pk=offering.pk)).get()
    assert (annotated.seats_taken, annotated.waitlist_length) == (2, 3)


def build_mixed_offerings(make_offering):
    """Offerings in many states, to compare the annotated and the one-by-one availability."""
    starts = NOW + timedelta(days=2)
    cases = [
        make_offering(capacity=3),
        make_offering(capacity=1, waitlist_policy=WaitlistPolicy.NONE),
        make_offering(capacity=4, capacity_unit=CapacityUnit.PERSONS),
        make_offering(capacity=2, booking_opens_at=NOW + timedelta(days=1)),
        make_offering(capacity=2, booking_closes_at=NOW - timedelta(days=1)),
        make_offering(capacity=2, sessions=0),
        make_offering(capacity=1, status=OfferingStatus.CANCELLED),
        make_offering(capacity=2, sessions=3),
    ]
    SessionFactory(offering=cases[5], starts_at=starts - timedelta(days=5), is_cancelled=True)
    SessionFactory(offering=cases[5], starts_at=starts)
    for offering in cases:
        BookingFactory(offering=offering, persons=2)
        OfferedBookingFactory(offering=offering)
        WaitlistedBookingFactory(offering=offering)
        BookingFactory(offering=offering, status=BookingStatus.CANCELLED)
    return cases


def test_availability_of_and_with_availability_agree(make_offering, django_assert_num_queries):
    cases = build_mixed_offerings(make_offering)
    with django_assert_num_queries(1):
        annotated = list(
            selectors.with_availability(Offering.objects.filter(pk__in=[o.pk for o in cases]))
        )
    by_pk = {offering.pk: offering for offering in annotated}
    for offering in cases:
        fresh = Offering.objects.get(pk=offering.pk)
        assert selectors.availability_of(fresh, now=NOW) == selectors.availability_of(
            by_pk[offering.pk], now=NOW
        )


def test_availability_fields(make_offering):
    cases = build_mixed_offerings(make_offering)
    rows = [selectors.availability_of(offering, now=NOW) for offering in cases]
    assert [row.seats_taken for row in rows] == [2, 2, 3, 2, 2, 2, 2, 2]
    assert [row.window for row in rows] == [
        WindowState.OPEN,
        WindowState.OPEN,
        WindowState.OPEN,
        WindowState.NOT_YET_OPEN,
        WindowState.CLOSED,
        WindowState.OPEN,
        WindowState.CLOSED,
        WindowState.OPEN,
    ]
    assert [row.can_book_seat for row in rows] == [
        True,
        False,
        True,
        False,
        False,
        False,
        False,
        False,
    ]
    assert [row.can_join_waitlist for row in rows] == [
        False,
        False,
        False,
        False,
        False,
        True,
        False,
        True,
    ]
    assert rows[1].is_full and not rows[1].has_waitlist
    assert rows[3].opens_at == cases[3].booking_opens_at
    assert rows[5].closes_at == NOW + timedelta(days=2)  # the first live session


def test_window_states_over_time(make_offering):
    offering = make_offering(sessions=0, booking_opens_at=NOW)
    SessionFactory(offering=offering, starts_at=NOW + timedelta(days=7))
    states = [
        selectors.availability_of(offering, now=NOW + delta).window
        for delta in (timedelta(minutes=-1), timedelta(0), timedelta(days=7) - timedelta(seconds=1))
    ]
    assert states == [WindowState.NOT_YET_OPEN, WindowState.OPEN, WindowState.OPEN]
    assert selectors.availability_of(offering, now=NOW + timedelta(days=7)).window == (
        WindowState.CLOSED
    )


def test_over_full_shows_no_negative_seats(make_offering):
    offering = make_offering(capacity=1)
    BookingFactory.create_batch(3, offering=offering)
    availability = selectors.availability_of(offering)
    assert (availability.seats_left, availability.is_full, availability.is_over_full) == (
        0,
        True,
        True,
    )


def test_upcoming_offerings_for_program(make_offering, django_assert_num_queries):
    soon = make_offering(sessions=0, capacity=2)
    program = soon.program
    SessionFactory(offering=soon, starts_at=NOW + timedelta(days=1))
    later = make_offering(program=program, sessions=0)
    SessionFactory(offering=later, starts_at=NOW + timedelta(days=30))
    ended = make_offering(program=program, sessions=0)
    SessionFactory(offering=ended, starts_at=NOW - timedelta(days=3))
    make_offering(program=program, status=OfferingStatus.DRAFT)
    BookingFactory(offering=soon)
    with django_assert_num_queries(2):
        offerings = selectors.upcoming_offerings_for_program(program=program, now=NOW)
        assert [len(offering.sessions.all()) for offering in offerings] == [1, 1]
    assert [offering.pk for offering in offerings] == [soon.pk, later.pk]
    assert offerings[0].availability == selectors.availability_of(soon, now=NOW)
    assert offerings[0].availability.seats_left == 1


def test_active_booking_lookup_ignores_case_and_inactive(make_offering):
    offering = make_offering()
    BookingFactory(offering=offering, email="old@example.org", status=BookingStatus.CANCELLED)
    active = BookingFactory(offering=offering, email="parent@example.org")
    assert selectors.active_booking_for(offering_id=offering.pk, email="Parent@Example.org") == (
        active
    )
    assert selectors.active_booking_for(offering_id=offering.pk, email="old@example.org") is None


@pytest.mark.parametrize("token", ["", "nope", "x" * 65])
def test_booking_by_token_finds_nothing_for_a_wrong_token(make_offering, token):
    BookingFactory(offering=make_offering())
    assert selectors.booking_by_token(token=token) is None


def test_booking_by_token(make_offering):
    booking = BookingFactory(offering=make_offering())
    assert selectors.booking_by_token(token=booking.token) == booking


# --- has_free_seats_now ------------------------------------------------------------------------


@pytest.fixture
def programs_in_every_state(make_offering, program_index):
    """Programs named by the state of their offerings; True where a seat can be booked now."""
    from tests.factories import ProgramPageFactory

    def program_with(*offerings_fields, sessions=1):
        program = ProgramPageFactory(parent=program_index)
        offerings = [
            make_offering(program=program, sessions=sessions, **fields)
            for fields in offerings_fields
        ]
        return program, offerings

    programs = {}
    programs["open"], _ = program_with({"capacity": 2})
    programs["full"], (full,) = program_with({"capacity": 1})
    BookingFactory(offering=full)
    programs["full_by_offer"], (offered,) = program_with({"capacity": 1})
    OfferedBookingFactory(offering=offered)
    programs["over_full"], (over,) = program_with({"capacity": 1})
    BookingFactory.create_batch(2, offering=over)
    programs["persons_left"], (persons,) = program_with(
        {"capacity": 3, "capacity_unit": CapacityUnit.PERSONS}
    )
    BookingFactory(offering=persons, persons=2)
    programs["persons_full"], (persons_full,) = program_with(
        {"capacity": 2, "capacity_unit": CapacityUnit.PERSONS}
    )
    BookingFactory(offering=persons_full, persons=2)
    programs["waitlisted_only"], (waitlisted,) = program_with({"capacity": 1})
    WaitlistedBookingFactory(offering=waitlisted)
    programs["not_yet_open"], _ = program_with({"booking_opens_at": NOW + timedelta(hours=1)})
    programs["opened"], _ = program_with({"booking_opens_at": NOW - timedelta(hours=1)})
    programs["closed"], _ = program_with({"booking_closes_at": NOW - timedelta(hours=1)})
    programs["closes_later"], _ = program_with(
        {"booking_closes_at": NOW + timedelta(hours=1)}, sessions=0
    )
    programs["started"], (started,) = program_with({}, sessions=0)
    SessionFactory(offering=started, starts_at=NOW - timedelta(hours=1))
    SessionFactory(offering=started, starts_at=NOW + timedelta(days=7))
    programs["first_session_cancelled"], (moved,) = program_with({}, sessions=0)
    SessionFactory(offering=moved, starts_at=NOW - timedelta(hours=1), is_cancelled=True)
    SessionFactory(offering=moved, starts_at=NOW + timedelta(days=7))
    programs["no_sessions"], _ = program_with({}, sessions=0)
    programs["draft"], _ = program_with({"status": OfferingStatus.DRAFT})
    programs["cancelled"], _ = program_with({"status": OfferingStatus.CANCELLED})
    programs["no_offerings"], _ = program_with()
    programs["full_and_open"], (full_one, _open_one) = program_with(
        {"capacity": 1}, {"capacity": 1}
    )
    BookingFactory(offering=full_one)
    programs["full_and_closed"], (full_two, _closed) = program_with(
        {"capacity": 1}, {"booking_closes_at": NOW - timedelta(hours=1)}
    )
    BookingFactory(offering=full_two)
    return programs


EXPECTED_FREE = {
    "open",
    "persons_left",
    "opened",
    "closes_later",
    "first_session_cancelled",
    "no_sessions",
    "full_and_open",
    "waitlisted_only",  # a waitlisted household holds no seat
}


def test_has_free_seats_now_filters_programs(programs_in_every_state):
    programs = programs_in_every_state
    free = set(
        ProgramPage.objects.filter(selectors.has_free_seats_now(now=NOW)).values_list(
            "pk", flat=True
        )
    )
    assert {name for name, program in programs.items() if program.pk in free} == EXPECTED_FREE


def test_has_free_seats_now_as_annotation(programs_in_every_state):
    programs = programs_in_every_state
    flags = dict(
        ProgramPage.objects.annotate(free=selectors.has_free_seats_now(now=NOW)).values_list(
            "pk", "free"
        )
    )
    assert {name for name, program in programs.items() if flags[program.pk]} == EXPECTED_FREE


def test_has_free_seats_now_agrees_with_availability(programs_in_every_state):
    free = set(
        ProgramPage.objects.filter(selectors.has_free_seats_now(now=NOW)).values_list(
            "pk", flat=True
        )
    )
    for program in programs_in_every_state.values():
        bookable = any(
            selectors.availability_of(offering, now=NOW).can_book_seat
            for offering in Offering.objects.filter(program=program)
        )
        assert bookable == (program.pk in free), program.title
