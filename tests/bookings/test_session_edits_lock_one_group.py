"""A staff change to one group's sessions locks that group only (real PostgreSQL).

Adding, moving, cancelling, editing or deleting a session stores its offering's new dates in
the same transaction. It must write that offering's row and no other: a booking in progress in
another group holds that group's lock, and a staff edit that waited for it (or, both ways
round, deadlocked with it) would stall the admin behind parents booking elsewhere. Each test
holds another group's lock from a second connection while the edit runs with a short
`lock_timeout`; the control shows the hold does block a write of that group's row.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import OperationalError, connection, transaction

from bookings.models import Offering
from bookings.services import editing, staff
from bookings.services.locking import lock_offering
from bookings.services.schedule import refresh_offering_dates
from tests.bookings.test_concurrency import leave_migrated_data_behind  # noqa: F401
from tests.factories import BookingFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def while_locked(offering_id: int, edit: Callable[[], object]) -> None:
    """Run `edit` while another connection holds `offering_id`'s lock; an edit that needs that
    row gives up after a second (OperationalError) instead of waiting."""
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                lock_offering(offering_id=offering_id)
                held.set()
                done.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
        try:
            edit()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
    finally:
        done.set()
        holder.join(timeout=30)


def session_of(offering):
    return offering.sessions.order_by("starts_at").first()


def later(session, **delta) -> dict:
    starts = session.starts_at + timedelta(**delta)
    return {"starts_at": starts, "ends_at": starts + timedelta(hours=2)}


def move(offering, actor):
    session = session_of(offering)
    return lambda: staff.move_session(session_id=session.pk, actor=actor, **later(session, hours=1))


def cancel(offering, actor):
    return lambda: staff.cancel_session(session_id=session_of(offering).pk, actor=actor)


def add(offering, actor):
    fields = later(session_of(offering), days=30)
    return lambda: editing.add_session(actor=actor, offering=offering, fields=fields)


def edit(offering, actor):
    session = session_of(offering)
    changes = later(session, hours=2)
    return lambda: editing.update_session(session_id=session.pk, actor=actor, changes=changes)


def delete(offering, actor):
    offering.bookings.all().delete()
    return lambda: editing.delete_session(session_id=session_of(offering).pk, actor=actor)


EDITS = {"move": move, "cancel": cancel, "add": add, "edit": edit, "delete": delete}


@pytest.fixture
def two_groups(make_offering):
    ours, theirs = make_offering(sessions=2), make_offering(sessions=2)
    BookingFactory(offering=ours)
    return ours, theirs


@pytest.mark.parametrize("name", EDITS)
def test_a_session_edit_does_not_wait_for_another_groups_lock(two_groups, name):
    ours, theirs = two_groups
    change = EDITS[name](ours, UserFactory(is_staff=True))

    while_locked(theirs.pk, change)  # raises OperationalError if it waited for their lock

    assert Offering.objects.get(pk=ours.pk).first_session_at == (
        ours.sessions.filter(is_cancelled=False).order_by("starts_at").first().starts_at
    )


def test_control_storing_every_groups_dates_waits_for_their_lock(two_groups):
    _ours, theirs = two_groups

    with pytest.raises(OperationalError):
        while_locked(theirs.pk, lambda: refresh_offering_dates(offering_ids=None))
