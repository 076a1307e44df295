"""What organizers do to an offering's bookings and sessions, each step in Wagtail's log.

Every function takes the staff member as `actor`, writes through the same rules as the
parents' services (the offering lock first, the outbox for messages) and records one log
entry per booking or session it changed, with ids only.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import selectors
from bookings.audit import log_staff_action
from bookings.models import (
    ACTIVE_STATUSES,
    Attendance,
    AttendanceMark,
    Booking,
    BookingSource,
    BookingStatus,
    Offering,
    Session,
)
from bookings.notifications.messages import BookingEmail, queue_booking_email

from . import locking
from .booking import book_offering, cancel_booking
from .capacity import change_capacity
from .errors import BookingError
from .schedule import refresh_offering_dates
from .sessions import Announcement, announce_session_change


def add_booking_by_staff(*, offering_id: int, actor, email: str = "", **details) -> Booking:
    """Book a household that phoned or came by; e-mail is optional (no e-mail, no messages).

    Same rules as a parent's booking (capacity, waitlist, one booking per e-mail) except the
    booking window: staff may add a household before booking opens or after it closes.
    """
    with transaction.atomic():
        booking = book_offering(
            offering_id=offering_id, email=email, source=BookingSource.STAFF, **details
        )
        log_staff_action(
            instance=booking,
            action="bookings.staff_add",
            user=actor,
            data={"offering": offering_id, "status": booking.status},
        )
    return booking


def cancel_booking_by_staff(*, booking_id: int, actor, reason: str) -> Booking:
    """Cancel a booking for the household; the reason goes to the parent, not to the log."""
    if not reason.strip():
        raise BookingError(_("Write a reason: the parent is told why."), code="invalid")
    with transaction.atomic():
        booking = cancel_booking(booking_id=booking_id, staff_reason=reason.strip())
        log_staff_action(
            instance=booking,
            action="bookings.staff_cancel",
            user=actor,
            data={"offering": booking.offering_id},
        )
    return booking


def _lock_waiting_booking(booking_id: int) -> tuple[Offering, Booking]:
    """Lock the booking's offering (the lock order every writer uses), then read the booking."""
    offering_id = (
        Booking.objects.filter(pk=booking_id).values_list("offering_id", flat=True).first()
    )
    if offering_id is None:
        raise BookingError(_("We could not find that booking."), code="not_found")
    offering = locking.lock_offering(offering_id=offering_id)
    booking = Booking.objects.get(pk=booking_id)
    if booking.status != BookingStatus.WAITLISTED:
        raise BookingError(_("This booking is not on the waitlist."), code="not_waitlisted")
    return offering, booking


def raise_waitlist_priority(*, booking_id: int, actor) -> Booking:
    """Put a waitlisted household first in line (e.g. a referral the group must take)."""
    with transaction.atomic():
        _offering, booking = _lock_waiting_booking(booking_id)
        others = Booking.objects.filter(
            offering_id=booking.offering_id, status=BookingStatus.WAITLISTED
        ).exclude(pk=booking.pk)
        highest = max(others.values_list("waitlist_priority", flat=True), default=None)
        if highest is not None and highest >= booking.waitlist_priority:
            booking.waitlist_priority = highest + 1
            booking.save(update_fields=["waitlist_priority", "updated_at"])
        log_staff_action(
            instance=booking,
            action="bookings.raise_priority",
            user=actor,
            data={"offering": booking.offering_id, "priority": booking.waitlist_priority},
        )
    return booking


def give_seat_by_hand(
    *, booking_id: int, actor, offer: bool, now: datetime | None = None
) -> Booking:
    """Give a free seat to this waitlisted household now, out of turn: as an offer with the
    offering's deadline (`offer=True`) or as a confirmed seat. Refused when no seat is free."""
    with transaction.atomic():
        offering, booking = _lock_waiting_booking(booking_id)
        now = now or timezone.now()
        free = offering.capacity - selectors.seats_taken(offering=offering)
        if offering.seats_for(booking.persons) > free:
            raise BookingError(
                _("No seat is free for this household. Raise the capacity first."),
                code="full",
            )
        if offer:
            booking.status = BookingStatus.OFFERED
            booking.offer_expires_at = now + timedelta(hours=offering.offer_hours)
            kind, action = BookingEmail.OFFERED, "bookings.offer_by_hand"
        else:
            booking.status = BookingStatus.CONFIRMED
            kind, action = BookingEmail.PROMOTED, "bookings.confirm_by_hand"
        booking.seat_offered_at = booking.seat_offered_at or now
        booking.save(update_fields=["status", "offer_expires_at", "seat_offered_at", "updated_at"])
        queue_booking_email(booking=booking, kind=kind)
        log_staff_action(
            instance=booking, action=action, user=actor, data={"offering": offering.pk}
        )
    return booking


def change_capacity_by_staff(*, offering_id: int, actor, capacity: int) -> Offering:
    with transaction.atomic():
        before = Offering.objects.values_list("capacity", flat=True).get(pk=offering_id)
        offering = change_capacity(offering_id=offering_id, capacity=capacity)
        log_staff_action(
            instance=offering,
            action="bookings.capacity",
            user=actor,
            data={"from": before, "to": capacity},
        )
    return offering


def _change_session(session_id: int, actor, action: str, refusal: str, **changes) -> Announcement:
    """Set `changes` on a session that is not cancelled, store the offering's new dates, tell
    the households with a seat and log `action`. The offering is locked first (the order every
    writer uses: offering, then its rows; storing its dates writes its row) and the session's
    row before it is checked, so a move and a cancellation racing on one session end in one
    outcome: the second sees the first's."""
    with transaction.atomic():
        offering_id = Session.objects.values_list("offering_id", flat=True).get(pk=session_id)
        locking.lock_offering(offering_id=offering_id)
        session = Session.objects.select_for_update().get(pk=session_id)
        if session.is_cancelled:
            raise BookingError(refusal, code="cancelled")
        for field, value in changes.items():
            setattr(session, field, value)
        session.save(update_fields=list(changes))
        refresh_offering_dates(offering_ids=[offering_id])
        announcement = announce_session_change(session_id=session.pk)
        log_staff_action(
            instance=announcement.session,
            action=action,
            user=actor,
            data={"offering": session.offering_id, "emailed": announcement.emailed},
        )
    return announcement


def move_session(
    *, session_id: int, actor, starts_at: datetime, ends_at: datetime, venue=None
) -> Announcement:
    """Give a session a new time (and place); households with a seat get an updated invite."""
    if ends_at <= starts_at:
        raise BookingError(_("The session must end after it starts."), code="invalid")
    moved = {"starts_at": starts_at, "ends_at": ends_at}
    if venue is not None:
        moved["venue"] = venue
    refusal = _("This session is cancelled.")
    return _change_session(session_id, actor, "bookings.session_moved", refusal, **moved)


def cancel_session(*, session_id: int, actor) -> Announcement:
    """Cancel one session; households with a seat get a calendar cancellation for it."""
    refusal = _("This session is already cancelled.")
    return _change_session(
        session_id, actor, "bookings.session_cancelled", refusal, is_cancelled=True
    )


def message_booked_households(
    *, offering_id: int, actor, subject: str, body: str, include_waitlist: bool = False
) -> tuple[int, int]:
    """E-mail everyone with a seat (and, if asked, the waitlist) through the outbox.

    Returns (messages queued, households without an e-mail address, who must be phoned).
    """
    subject, body = " ".join(subject.split()), body.strip()
    if not subject or not body:
        raise BookingError(_("Write a subject and a message."), code="invalid")
    statuses = ACTIVE_STATUSES if include_waitlist else (BookingStatus.CONFIRMED,)
    with transaction.atomic():
        recipients = Booking.objects.filter(offering_id=offering_id, status__in=statuses)
        queued = unreachable = 0
        for booking in recipients:
            message = queue_booking_email(
                booking=booking,
                kind=BookingEmail.STAFF_MESSAGE,
                staff_subject=subject,
                staff_text=body,
            )
            if message is None:
                unreachable += 1
            else:
                queued += 1
        offering = Offering.objects.get(pk=offering_id)
        log_staff_action(
            instance=offering,
            action="bookings.message",
            user=actor,
            data={"queued": queued, "without_email": unreachable},
        )
    return queued, unreachable


def record_attendance(*, session_id: int, actor, marks: dict[int, str | None]) -> int:
    """Set households' marks at a session: an `AttendanceMark`, or None for not marked.

    Only bookings of the session's own offering are touched; others in `marks` are ignored.
    Held under the offering's lock, like a parent's notice of absence, so the two never mix.
    Returns how many marks changed; each change is logged on its booking.
    """
    session = Session.objects.get(pk=session_id)
    if session.is_cancelled:
        raise BookingError(_("This session is cancelled."), code="cancelled")
    unknown = {mark for mark in marks.values() if mark is not None} - set(AttendanceMark.values)
    if unknown:
        raise ValueError(f"Not attendance marks: {sorted(unknown)}")
    with transaction.atomic():
        locking.lock_offering(offering_id=session.offering_id)
        bookings = Booking.objects.filter(offering_id=session.offering_id, pk__in=list(marks))
        current = dict(
            Attendance.objects.filter(session=session, booking__in=bookings).values_list(
                "booking_id", "mark"
            )
        )
        changed = 0
        for booking in bookings:
            wanted = marks[booking.pk]
            if current.get(booking.pk) == wanted:
                continue
            if wanted is None:
                Attendance.objects.filter(session=session, booking=booking).delete()
            else:
                Attendance.objects.update_or_create(
                    session=session, booking=booking, defaults={"mark": wanted}
                )
            log_staff_action(
                instance=booking,
                action="bookings.attendance",
                user=actor,
                data={"session": session.pk, "mark": wanted},
            )
            changed += 1
    return changed
