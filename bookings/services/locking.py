"""The single lock behind every capacity decision."""

from django.db import transaction

from bookings.models import Offering


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
