"""Cancelling a whole group: every active booking is cancelled and every household is told.

Confirmed, offered and waitlisted households each get a message in their language with the
staff's reason (told, never stored); those with a confirmed seat, who were sent invites, also
get a calendar cancellation of all its dates. Nobody is promoted: the group will not meet.
The organizer is shown how many were e-mailed and how many must be phoned.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.audit import log_staff_action
from bookings.models import (
    ACTIVE_STATUSES,
    Booking,
    BookingStatus,
    OfferingStatus,
)
from bookings.notifications.messages import BookingEmail

from . import locking
from .errors import BookingError
from .telling import Told, tell_households


def cancel_offering(*, offering_id: int, actor, reason: str = "") -> Told:
    """Cancel the offering and all its active bookings (the "Cancel this group" action)."""
    with transaction.atomic():
        offering = locking.lock_offering(offering_id=offering_id)
        if offering.status == OfferingStatus.CANCELLED:
            raise BookingError(_("This group is already cancelled."), code="cancelled")
        offering.status = OfferingStatus.CANCELLED
        offering.save(update_fields=["status", "updated_at"])
        told = cancel_active_bookings(offering_id=offering_id, reason=reason)
        log_staff_action(
            instance=offering,
            action="bookings.offering_cancelled",
            user=actor,
            data=told._asdict(),
        )
    return told


def cancel_active_bookings(
    *, offering_id: int, reason: str = "", now: datetime | None = None
) -> Told:
    """Cancel every active booking of an offering that has just been cancelled and tell each
    household. The caller holds the offering's lock (the status is re-read under it here)."""
    now = now or timezone.now()
    emailed = unreachable = 0
    active = Booking.objects.filter(offering_id=offering_id, status__in=ACTIVE_STATUSES)
    for booking in active.order_by("pk"):
        had_invite = booking.status == BookingStatus.CONFIRMED
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.offer_expires_at = None
        booking.save(update_fields=["status", "cancelled_at", "offer_expires_at", "updated_at"])
        told = tell_households(
            [booking],
            kind=BookingEmail.OFFERING_CANCELLED,
            cancels_calendar=had_invite,
            staff_text=reason.strip(),
        )
        emailed += told.emailed
        unreachable += told.unreachable
    return Told(emailed=emailed, unreachable=unreachable)
