"""An offering's stored first start and end follow its sessions through every service that
adds, moves, cancels or deletes one; the migration fills them in; the indexes exist."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from bookings.models import Booking, Offering
from bookings.selectors import offering_ends_at
from bookings.selectors.ending import offering_starts_at
from bookings.services import editing, staff
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def actor():
    return UserFactory(username="chef", is_superuser=True, is_staff=True)


def stored(offering) -> tuple:
    """The stored dates, checked against the rule read afresh from the sessions."""
    row = Offering.objects.annotate(
        starts=offering_starts_at(), ends=offering_ends_at()
    ).get(pk=offering.pk)
    assert (row.first_session_at, row.last_session_ends_at) == (row.starts, row.ends)
    return row.first_session_at, row.last_session_ends_at


def add(offering, actor, starts, hours=2):
    fields = {"starts_at": starts, "ends_at": starts + timedelta(hours=hours)}
    return editing.add_session(actor=actor, offering=offering, fields=fields).instance


def test_sessions_added_moved_cancelled_and_deleted_keep_the_dates(make_offering, actor):
    offering = make_offering(sessions=0)
    assert stored(offering) == (None, None)
    soon = timezone.now().replace(microsecond=0) + 7 * DAY
    first = add(offering, actor, soon)
    last = add(offering, actor, soon + 7 * DAY)
    assert stored(offering) == (first.starts_at, last.ends_at)

    later = soon + 14 * DAY
    staff.move_session(
        session_id=last.pk, actor=actor, starts_at=later, ends_at=later + timedelta(hours=3)
    )
    assert stored(offering) == (first.starts_at, later + timedelta(hours=3))

    staff.cancel_session(session_id=first.pk, actor=actor)
    assert stored(offering) == (later, later + timedelta(hours=3))

    editing.update_session(session_id=first.pk, actor=actor, changes={"is_cancelled": False})
    editing.update_session(session_id=last.pk, actor=actor, changes={"is_cancelled": True})
    # Every session but the first is cancelled: it ends with the first, the only one left.
    assert stored(offering) == (first.starts_at, first.ends_at)

    editing.delete_session(session_id=first.pk, actor=actor)
    # Only the cancelled one is left: the group ends when it would have ended.
    assert stored(offering) == (None, later + timedelta(hours=3))
    editing.delete_session(session_id=last.pk, actor=actor)
    assert stored(offering) == (None, None)


def test_a_moved_session_of_a_booked_group_moves_its_end(make_offering, actor):
    offering = make_offering(sessions=2)
    Booking.objects.create(offering=offering, name="Sara", email="sara@example.org", persons=1,
                           status="confirmed")  # fmt: skip
    last = offering.sessions.order_by("starts_at").last()
    moved = last.starts_at + 30 * DAY
    editing.update_session(
        session_id=last.pk,
        actor=actor,
        changes={"starts_at": moved, "ends_at": moved + timedelta(hours=1)},
    )
    assert stored(offering)[1] == moved + timedelta(hours=1)


def test_the_migration_fills_in_the_dates_of_existing_offerings(make_offering):
    offering = make_offering(sessions=3)
    expected = stored(offering)
    Offering.objects.update(first_session_at=None, last_session_ends_at=None)
    migration = importlib.import_module("bookings.migrations.0019_offering_dates")
    migration.store_offering_dates(apps, None)
    assert stored(offering) == expected


@pytest.mark.parametrize(
    ("table", "index", "columns"),
    [
        ("bookings_offering", "offering_program_ends", ["program_id", "last_session_ends_at"]),
        ("bookings_offering", "offering_ends", ["last_session_ends_at"]),
        ("bookings_offering", "offering_first_session", ["first_session_at"]),
        ("bookings_booking", "booking_email", None),  # on lower(email), where there is one
    ],
)
def test_the_indexes_history_needs_exist(table, index, columns):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    assert constraints[index]["index"]
    if columns is not None:
        assert constraints[index]["columns"] == columns
