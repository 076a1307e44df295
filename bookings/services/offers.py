"""Answering a seat offer from the waitlist: accept, decline, or let it expire."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Booking, BookingStatus
from bookings.notifications.messages import BookingEmail, queue_booking_email

from . import locking
from .booking import release_booking
from .errors import BookingError
from .waitlist import promote_waitlist


def accept_offer(*, booking_id: int, now: datetime | None = None) -> Booking:
    """Take an offered seat before its deadline; after it, the offer has expired.

    Takes the offering lock first and reads the booking under it, like every writer of a
    booking's status: an accept racing a decline (or the expiry sweep) of the same offer waits
    for it and then finds the booking no longer offered, so there is one outcome and one
    message.
    """
    now = now or timezone.now()
    with transaction.atomic():
        booking = locking.lock_booking(booking_id=booking_id)
        offering_id = booking.offering_id
        offered = booking.status == BookingStatus.OFFERED
        if offered and booking.offer_expires_at and booking.offer_expires_at > now:
            booking.status = BookingStatus.CONFIRMED
            booking.offer_expires_at = None
            # Set when the seat was offered; an offer made before that was recorded gets it now.
            booking.seat_offered_at = booking.seat_offered_at or now
            booking.save(
                update_fields=["status", "offer_expires_at", "seat_offered_at", "updated_at"]
            )
            queue_booking_email(booking=booking, kind=BookingEmail.CONFIRMED)
            return booking
    if offered:
        expire_offers(now=now, offering_id=offering_id)
        raise BookingError(
            _("Sorry, the time to accept this seat has run out."), code="offer_expired"
        )
    raise BookingError(_("There is no seat offer to accept."), code="no_offer")


def decline_offer(*, booking_id: int, now: datetime | None = None) -> Booking:
    """Say no to an offered seat; it goes to the next household in line."""
    return release_booking(
        booking_id=booking_id,
        from_statuses=(BookingStatus.OFFERED,),
        to_status=BookingStatus.CANCELLED,
        now=now,
    )


def expire_offers(*, now: datetime | None = None, offering_id: int | None = None) -> int:
    """Expire offers whose deadline has passed and pass their seats on. Safe to run often."""
    now = now or timezone.now()
    overdue = Booking.objects.filter(status=BookingStatus.OFFERED, offer_expires_at__lte=now)
    if offering_id is not None:
        overdue = overdue.filter(offering_id=offering_id)
    expired = 0
    # order_by(): Booking's default ordering would otherwise defeat distinct().
    offering_ids = overdue.order_by().values_list("offering_id", flat=True).distinct()
    for overdue_offering_id in offering_ids:
        with transaction.atomic():
            locking.lock_offering(offering_id=overdue_offering_id)
            for booking in Booking.objects.filter(
                offering_id=overdue_offering_id,
                status=BookingStatus.OFFERED,
                offer_expires_at__lte=now,
            ):
                booking.status = BookingStatus.EXPIRED
                booking.offer_expires_at = None
                booking.save(update_fields=["status", "offer_expires_at", "updated_at"])
                queue_booking_email(booking=booking, kind=BookingEmail.OFFER_EXPIRED)
                expired += 1
            promote_waitlist(offering_id=overdue_offering_id, now=now)
    return expired
