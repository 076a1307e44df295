"""Moving households from the waitlist into freed seats."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from bookings import selectors
from bookings.models import Booking, BookingStatus, OfferingStatus, WaitlistPolicy
from bookings.notifications.messages import BookingEmail, queue_booking_email

from . import locking


def promote_waitlist(*, offering_id: int, now: datetime | None = None) -> list[Booking]:
    """Give free seats to the waitlist in order; return the bookings promoted or offered.

    Takes the offering lock before counting seats, so racing cancellations each see the
    other's promotion and every freed seat is handed out once. A household that does not fit
    is skipped and keeps its place; a smaller one behind it may get the seats.
    """
    now = now or timezone.now()
    with transaction.atomic():
        offering = locking.lock_offering(offering_id=offering_id)
        if (
            offering.waitlist_policy == WaitlistPolicy.NONE
            or offering.status != OfferingStatus.PUBLISHED
        ):
            return []
        free = offering.capacity - selectors.seats_taken(offering=offering)
        if free <= 0:
            return []
        promoted = []
        waiting = Booking.objects.filter(
            offering_id=offering_id, status=BookingStatus.WAITLISTED
        ).order_by(*selectors.waitlist_ordering())
        for entry in waiting:
            needed = offering.seats_for(entry.persons)
            if needed > free:
                continue
            if offering.waitlist_policy == WaitlistPolicy.AUTO:
                entry.status = BookingStatus.CONFIRMED
                email = BookingEmail.PROMOTED
            else:
                entry.status = BookingStatus.OFFERED
                entry.offer_expires_at = now + timedelta(hours=offering.offer_hours)
                email = BookingEmail.OFFERED
            entry.seat_offered_at = entry.seat_offered_at or now
            entry.save(
                update_fields=["status", "offer_expires_at", "seat_offered_at", "updated_at"]
            )
            queue_booking_email(booking=entry, kind=email)
            promoted.append(entry)
            free -= needed
            if free == 0:
                break
    return promoted
