"""The single lock behind every capacity decision."""

from django.db import transaction
from django.utils.translation import gettext as _

from bookings.models import Booking, Offering

from .errors import BookingError


def lock_offering(*, offering_id: int) -> Offering:
    """Lock the offering row for the rest of the transaction and return it fresh.

    Everything that reads seats and then takes or hands out seats does so while holding this
    lock, so two bookings (or a booking and a promotion) can never both see the same free seat.
    On PostgreSQL this is SELECT ... FOR UPDATE; SQLite runs every transaction as IMMEDIATE
    (see settings), which already serialises writers, and ignores FOR UPDATE.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_offering() must run inside transaction.atomic()")
    return Offering.objects.select_for_update(of=("self",)).get(pk=offering_id)


def lock_booking(*, booking_id: int) -> Booking:
    """Lock the booking's offering (the order every writer uses: offering, then booking rows),
    then read the booking fresh under the lock."""
    offering_id = (
        Booking.objects.filter(pk=booking_id).values_list("offering_id", flat=True).first()
    )
    if offering_id is None:
        raise BookingError(_("We could not find that booking."), code="not_found")
    lock_offering(offering_id=offering_id)
    return Booking.objects.get(pk=booking_id)
