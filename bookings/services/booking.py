"""Booking a seat and cancelling a booking."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import selectors
from bookings.models import (
    ACTIVE_STATUSES,
    SEAT_HOLDING_STATUSES,
    AccessNeed,
    Booking,
    BookingSource,
    BookingStatus,
    InterestInvitation,
    InterestStatus,
    OfferingStatus,
    WaitlistPolicy,
)
from bookings.notifications.messages import BookingEmail, queue_booking_email
from bookings.selectors import WindowState

from . import locking
from .errors import BookingError
from .interest import leave_interest_list
from .waitlist import promote_waitlist


def _window_refusal(offering, *, now: datetime) -> BookingError | None:
    """The booking window, read from the locked row: its stored first session (kept by every
    transaction that changes a session, so a staff edit racing this booking counts as made
    just before or just after it). The refusal when it is not open, else None."""
    state = selectors.window_state(offering, first_session_at=offering.first_session_at, now=now)
    if state == WindowState.NOT_YET_OPEN:
        opens = timezone.localtime(offering.booking_opens_at)
        return BookingError(
            _("Booking opens on %(date)s.") % {"date": opens.strftime("%Y-%m-%d %H:%M")},
            code="not_open",
        )
    if state == WindowState.CLOSED:
        return BookingError(_("Booking for this group is closed."), code="closed")
    return None


def _use_invitation(*, token: str, booking: Booking, now: datetime) -> bool:
    """Record `booking` on the invitation behind `token`, if that invitation may still be
    used: it is for this group, unused, not run out, for this address, and its household
    is still on the interest list. One conditional UPDATE; whether it matched."""
    return bool(
        InterestInvitation.objects.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            token=token,
            offering_id=booking.offering_id,
            booking__isnull=True,
            registration__status=InterestStatus.WAITING,
            registration__email__iexact=booking.email,
        ).update(booking=booking)
    )


def book_offering(
    *,
    offering_id: int,
    email: str,
    name: str,
    phone: str = "",
    persons: int = 1,
    child_age_band: str = "",
    interpreter_language: str = "",
    needs_childcare: bool = False,
    access_needs: list[str] | tuple[str, ...] = (),
    user=None,
    source: str = BookingSource.WEB,
    language: str = "sv",
    invitation_token: str = "",
    now: datetime | None = None,
) -> Booking:
    """Book a seat, or a place on the waitlist when the offering is full.

    `invitation_token`: the household's invitation from the program's interest list, which
    lets it book before public booking opens (the priority window) and records the booking.

    Raises BookingError when the offering is not bookable, the household is too large, the
    e-mail already has an active booking here, or the offering is full with no waitlist.
    """
    email = email.strip().lower()
    unknown_needs = set(access_needs) - set(AccessNeed.values)
    if unknown_needs:
        raise BookingError(_("Choose access needs from the list."), code="invalid")
    if persons < 1:
        raise BookingError(_("At least one person must come."), code="invalid")

    try:
        with transaction.atomic():
            booking = _book_under_lock(
                offering_id=offering_id,
                email=email,
                persons=persons,
                source=source,
                invitation_token=invitation_token,
                now=now,
                booking=Booking(
                    offering_id=offering_id,
                    user=user,
                    email=email,
                    name=name.strip(),
                    phone=phone.strip(),
                    persons=persons,
                    child_age_band=child_age_band,
                    interpreter_language=interpreter_language,
                    needs_childcare=needs_childcare,
                    access_needs=sorted(set(access_needs)),
                    source=source,
                    language=language,
                ),
            )
    except IntegrityError as error:
        # The database's constraint is the one home of "one active booking per offering and
        # address": a second submit (or a race of several) ends here, after the rollback.
        existing = (
            selectors.active_booking_for(offering_id=offering_id, email=email) if email else None
        )
        raise _duplicate(existing) from error
    return booking


def _duplicate(existing: Booking | None) -> BookingError:
    """The refusal of a second active booking, pointing at the first (when it is found)."""
    return BookingError(
        _("You already have a booking for this group."), code="duplicate", booking=existing
    )


def _book_under_lock(
    *,
    offering_id: int,
    email: str,
    persons: int,
    source: str,
    invitation_token: str,
    now: datetime | None,
    booking: Booking,
) -> Booking:
    """Take the offering's lock, check the booking may be made, give it a seat or a place in
    line, save it and queue its message, all inside the caller's transaction.

    The lock is taken before anything about seats is read, and held from there to the commit:
    the seat count, the insert and one outbox row (the message is rendered by the worker
    later, never under the lock). Duplicates are left to the database's unique constraint, so
    nothing is read for them first.

    Before booking opens, a booking with an invitation is made and then kept only if the
    invitation may be used (`_use_invitation`, the one extra query of that path); otherwise
    it is refused like any other, and the transaction's rollback takes the row away.
    """
    # Lock before reading anything about seats: this is what prevents overbooking.
    offering = locking.lock_offering(offering_id=offering_id)
    # Read the clock only under the lock: waitlisted_at then follows the order in which
    # bookings got the lock (and committed), so the waitlist never reorders behind a
    # household that was already told its place.
    now = now or timezone.now()
    if persons > offering.max_persons_per_booking:
        raise BookingError(
            _("At most %(count)d persons can come per booking.")
            % {"count": offering.max_persons_per_booking},
            code="too_many_persons",
        )
    # A refusal that only an invitation may lift: booking has not opened yet.
    not_yet_open = None
    if source == BookingSource.STAFF:
        # Staff may add a household outside the booking window, not to a cancelled group.
        if offering.status == OfferingStatus.CANCELLED:
            raise BookingError(_("This group is cancelled."), code="closed")
    else:
        refusal = _window_refusal(offering, now=now)
        if refusal is not None and not (refusal.code == "not_open" and invitation_token):
            raise refusal
        not_yet_open = refusal

    taken = selectors.seats_taken(offering=offering)
    if taken + offering.seats_for(persons) <= offering.capacity:
        booking.status = BookingStatus.CONFIRMED
    elif offering.waitlist_policy != WaitlistPolicy.NONE:
        booking.status = BookingStatus.WAITLISTED
        booking.waitlisted_at = now
    else:
        # "You already have a booking" says more than "full" to a parent who has one.
        existing = (
            selectors.active_booking_for(offering_id=offering_id, email=email) if email else None
        )
        if existing is not None:
            raise _duplicate(existing)
        raise BookingError(_("Sorry, this group is full."), code="full")
    booking.offering = offering
    booking.save(force_insert=True)
    if invitation_token:
        used = _use_invitation(token=invitation_token, booking=booking, now=now)
        if not used and not_yet_open is not None:
            raise not_yet_open
    leave_interest_list(booking=booking, program_id=offering.program_id)
    queue_booking_email(
        booking=booking,
        kind=BookingEmail.CONFIRMED
        if booking.status == BookingStatus.CONFIRMED
        else BookingEmail.WAITLISTED,
    )
    return booking


def cancel_booking(
    *, booking_id: int, staff_reason: str = "", now: datetime | None = None
) -> Booking:
    """Cancel an active booking (confirmed, waitlisted or offered); a freed seat moves on.

    `staff_reason` (when staff cancel) is told to the parent in the message and not stored.
    """
    return release_booking(
        booking_id=booking_id,
        from_statuses=ACTIVE_STATUSES,
        to_status=BookingStatus.CANCELLED,
        staff_reason=staff_reason,
        now=now,
    )


def release_booking(
    *,
    booking_id: int,
    from_statuses,
    to_status: str,
    staff_reason: str = "",
    now: datetime | None = None,
) -> Booking:
    """Move a booking out of `from_statuses`; if it held a seat, promote the waitlist (the
    returned booking's `freed_seat` says whether it held one, `moved_up` who moved up).

    Takes the offering lock first, like every writer here, so locks are always taken in the
    order offering, then booking rows: a cancellation never deadlocks with a promotion that is
    updating the same waitlist. Racing cancellations of one booking change it once; racing
    cancellations of different bookings each recount under the lock, so every freed seat is
    handed out exactly once.
    """
    now = now or timezone.now()
    with transaction.atomic():
        booking = locking.lock_booking(booking_id=booking_id)
        offering_id = booking.offering_id
        if booking.status not in from_statuses:
            raise BookingError(_("This booking can no longer be changed."), code="not_active")
        held_seat = booking.status in SEAT_HOLDING_STATUSES
        booking.status = to_status
        booking.cancelled_at = now
        booking.offer_expires_at = None
        booking.save(update_fields=["status", "cancelled_at", "offer_expires_at", "updated_at"])
        queue_booking_email(
            booking=booking,
            kind=BookingEmail.CANCELLED_BY_STAFF if staff_reason else BookingEmail.CANCELLED,
            cancels_calendar=held_seat,
            staff_text=staff_reason,
        )
        # What became of the seat, read under the lock, for the staff to be told: whether
        # there was one, and who moved up into it (promoted or offered it).
        booking.freed_seat = held_seat
        booking.moved_up = promote_waitlist(offering_id=offering_id, now=now) if held_seat else []
    return booking
