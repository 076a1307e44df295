"""A status change writes only the status: what another writer changed meanwhile stays.

Changing a booking's status (promote, offer, accept, decline, cancel, expire, staff's seat by
hand, a cancelled group) or its place in line (staff putting it first) takes the offering
lock, but "My pages" changes a parent's address on their bookings without it (it changes no
seat). When a parent moves to a new e-mail address while a status writer holds their booking
between reading and saving it, the saved status must not put the old address back: later
messages would go to an address the parent left. On real PostgreSQL: the address change runs
in its own connection and commits while the status writer waits at its save; the control shows
a save of every field would lose the address.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Booking, BookingStatus, WaitlistPolicy
from bookings.services import accept_offer, cancel_booking, decline_offer, expire_offers
from bookings.services.offering_cancellation import cancel_offering
from bookings.services.staff import give_seat_by_hand, raise_waitlist_priority
from parentsite.accounts.services import move_bookings_to_email
from tests.bookings.test_concurrency import (  # noqa: F401 - fixtures used by name
    leave_migrated_data_behind,
    run_together,
)
from tests.factories import (
    BookingFactory,
    OfferedBookingFactory,
    UserFactory,
    WaitlistedBookingFactory,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OLD = "old-address@example.org"
NEW = "new-address@example.org"


def change_address_at_save(monkeypatch, booking: Booking, *, full_save: bool = False) -> list:
    """At the first save of `booking`, commit the parent's move to NEW from another
    connection, then let the save go on (with every field when `full_save`: the control).

    Returns how many bookings the move changed, once it ran (1 when it reached our booking).
    """
    real_save = Booking.save
    user = booking.user
    moved: list[object] = []

    def save(self, *args, **kwargs):
        if self.pk == booking.pk and not moved:
            moved.extend(run_together(lambda _: move_bookings_to_email(user=user, email=NEW), 1))
        if full_save and self.pk == booking.pk:
            kwargs["update_fields"] = None
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Booking, "save", save)
    return moved


def parents_booking(factory, offering, **fields) -> Booking:
    return factory(offering=offering, user=UserFactory(), email=OLD, **fields)


def promoted_from_the_waitlist(make_offering, policy: str) -> tuple[Booking, Callable]:
    offering = make_offering(capacity=1, waitlist_policy=policy)
    seat = BookingFactory(offering=offering)
    waiting = parents_booking(WaitlistedBookingFactory, offering)
    return waiting, lambda: cancel_booking(booking_id=seat.pk)


def accepted(make_offering) -> tuple[Booking, Callable]:
    offered = parents_booking(OfferedBookingFactory, make_offering(capacity=1))
    return offered, lambda: accept_offer(booking_id=offered.pk)


def declined(make_offering) -> tuple[Booking, Callable]:
    offered = parents_booking(OfferedBookingFactory, make_offering(capacity=1))
    return offered, lambda: decline_offer(booking_id=offered.pk)


def cancelled(make_offering) -> tuple[Booking, Callable]:
    confirmed = parents_booking(BookingFactory, make_offering(capacity=1))
    return confirmed, lambda: cancel_booking(booking_id=confirmed.pk)


def expired(make_offering) -> tuple[Booking, Callable]:
    overdue = parents_booking(
        OfferedBookingFactory,
        make_offering(capacity=1, waitlist_policy=WaitlistPolicy.OFFER),
        offer_expires_at=timezone.now() - timedelta(minutes=1),
    )
    return overdue, lambda: expire_offers()


def seated_by_hand(make_offering) -> tuple[Booking, Callable]:
    waiting = parents_booking(WaitlistedBookingFactory, make_offering(capacity=1))
    staff = UserFactory(is_staff=True)
    return waiting, lambda: give_seat_by_hand(booking_id=waiting.pk, actor=staff, offer=True)


def cancelled_with_the_group(make_offering) -> tuple[Booking, Callable]:
    confirmed = parents_booking(BookingFactory, make_offering(capacity=1))
    staff = UserFactory(is_staff=True)
    return confirmed, lambda: cancel_offering(offering_id=confirmed.offering_id, actor=staff)


def put_first_in_line(make_offering) -> tuple[Booking, Callable]:
    offering = make_offering(capacity=1)
    BookingFactory(offering=offering)
    WaitlistedBookingFactory(offering=offering)
    waiting = parents_booking(WaitlistedBookingFactory, offering)
    staff = UserFactory(is_staff=True)
    return waiting, lambda: raise_waitlist_priority(booking_id=waiting.pk, actor=staff)


WRITERS = {
    "promoted": (lambda make: promoted_from_the_waitlist(make, WaitlistPolicy.AUTO)),
    "offered": (lambda make: promoted_from_the_waitlist(make, WaitlistPolicy.OFFER)),
    "accepted": accepted,
    "declined": declined,
    "cancelled": cancelled,
    "expired": expired,
    "seated by hand": seated_by_hand,
    "cancelled with the group": cancelled_with_the_group,
    "put first in line": put_first_in_line,
}
STATUS_AFTER = {
    "promoted": BookingStatus.CONFIRMED,
    "offered": BookingStatus.OFFERED,
    "accepted": BookingStatus.CONFIRMED,
    "declined": BookingStatus.CANCELLED,
    "cancelled": BookingStatus.CANCELLED,
    "expired": BookingStatus.EXPIRED,
    "seated by hand": BookingStatus.OFFERED,
    "cancelled with the group": BookingStatus.CANCELLED,
    "put first in line": BookingStatus.WAITLISTED,
}


@pytest.mark.parametrize("writer", WRITERS)
def test_a_status_change_keeps_the_address_the_parent_moved_to_meanwhile(
    make_offering, monkeypatch, writer
):
    booking, write = WRITERS[writer](make_offering)
    moved = change_address_at_save(monkeypatch, booking)

    write()

    assert moved == [1]  # the move reached the booking before the status writer saved it
    booking.refresh_from_db()
    assert (booking.status, booking.email) == (STATUS_AFTER[writer], NEW)


@pytest.mark.parametrize("writer", WRITERS)
def test_control_a_save_of_every_field_puts_the_old_address_back(
    make_offering, monkeypatch, writer
):
    """The race is real: the same run, with the status written by a save of every field,
    loses the parent's new address."""
    booking, write = WRITERS[writer](make_offering)
    moved = change_address_at_save(monkeypatch, booking, full_save=True)

    write()

    assert moved == [1]
    booking.refresh_from_db()
    assert (booking.status, booking.email) == (STATUS_AFTER[writer], OLD)
