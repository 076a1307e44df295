"""The jobs that tell many households at once (reminders, a new venue, a cancelled group) cost
a fixed number of queries plus, for each household, only its own rows: nothing about the group
is read again per household (the worker reads what the e-mail shows when it renders it)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.services.offering_cancellation import cancel_active_bookings
from bookings.services.sessions import announce_venue_change, send_session_reminders
from tests.factories import BookingFactory, SessionFactory, VenueFactory

HOUSEHOLDS = pytest.mark.parametrize("households", [1, 3])


def group_of(make_offering, households: int):
    """A group at a venue, with one meeting tomorrow that follows the group's venue and
    `households` seated households."""
    offering = make_offering(sessions=0, venue=VenueFactory())
    starts = timezone.now() + timedelta(hours=20)
    SessionFactory(offering=offering, starts_at=starts, ends_at=starts + timedelta(hours=2))
    for _ in range(households):
        BookingFactory(offering=offering)
    return offering


def each_household_costs(households: int, *, first: int, each_more: int) -> int:
    return first + (households - 1) * each_more


@HOUSEHOLDS
def test_reminders_read_the_group_once(make_offering, households, django_assert_num_queries):
    group_of(make_offering, households)
    # The coming sessions with their group (its reminder lead time); each session's
    # households not yet reminded; then for each household a savepoint, its message and the
    # release.
    with django_assert_num_queries(each_household_costs(households, first=5, each_more=3)):
        assert send_session_reminders() == households


@HOUSEHOLDS
def test_a_new_venue_reads_the_group_once(make_offering, households, django_assert_num_queries):
    offering = group_of(make_offering, households)
    # In one savepoint: the meetings that move; the seated households; then for each
    # household its message and a look in the list of undeliverable addresses.
    with django_assert_num_queries(each_household_costs(households, first=6, each_more=2)):
        announce_venue_change(offering_id=offering.pk)


@HOUSEHOLDS
def test_cancelling_a_group_reads_it_once(make_offering, households, django_assert_num_queries):
    offering = group_of(make_offering, households)
    # The active bookings; then for each household its new status, its message and a look
    # in the list of undeliverable addresses.
    with django_assert_num_queries(each_household_costs(households, first=4, each_more=3)):
        cancel_active_bookings(offering_id=offering.pk)
