"""Changing how many seats an offering has."""

from django.db import transaction
from django.utils.translation import gettext as _

from bookings.models import Offering

from . import locking
from .errors import BookingError
from .waitlist import promote_waitlist


def change_capacity(*, offering_id: int, capacity: int) -> Offering:
    """Set the capacity. Lowering it below what is booked bumps nobody (the offering shows as
    over-full and promotes no one until there is room); raising it promotes the waitlist."""
    if capacity < 0:
        raise BookingError(_("Capacity cannot be negative."), code="invalid")
    with transaction.atomic():
        offering = locking.lock_offering(offering_id=offering_id)
        offering.capacity = capacity
        offering.save(update_fields=["capacity", "updated_at"])
        promote_waitlist(offering_id=offering_id)
    return offering
