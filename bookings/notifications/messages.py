"""What we tell a parent when their booking changes: each change writes an outbox row that
records what happened, in the change's own transaction; the worker renders it (`rendering`).

Writing costs one INSERT: no template, no calendar file, no settings or sessions read while the
caller holds the offering's lock. `rendering` says what
a message says when the booking or its sessions changed again before it was sent.
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext_lazy as _

from bookings.models import Booking, OutboxMessage, Session

from .interest_messages import INVITATION
from .outbox import queue_booking_message
from .senders import sender_for_site  # noqa: F401 - the account adapter's import of it


class BookingEmail(enum.StrEnum):
    """Each kind has templates in templates/emails/<kind>/ (subject.txt, body.txt, body.html)."""

    CONFIRMED = "booking_confirmed"
    WAITLISTED = "booking_waitlisted"
    OFFERED = "seat_offered"
    PROMOTED = "seat_promoted"
    OFFER_EXPIRED = "offer_expired"
    CANCELLED = "booking_cancelled"
    CANCELLED_BY_STAFF = "booking_cancelled_by_staff"
    SESSION_MOVED = "session_moved"
    SESSION_CANCELLED = "session_cancelled"
    REMINDER = "session_reminder"
    STAFF_MESSAGE = "staff_message"
    OFFERING_CANCELLED = "offering_cancelled"
    SESSION_ADDED = "session_added"
    VENUE_CHANGED = "venue_changed"
    NEXT_GROUP_QUESTION = "next_group_question"


# What staff see for each kind in the outgoing e-mail list.
KIND_LABELS = {
    BookingEmail.CONFIRMED: _("Booking confirmed"),
    BookingEmail.WAITLISTED: _("On the waitlist"),
    BookingEmail.OFFERED: _("Seat offered"),
    BookingEmail.PROMOTED: _("Seat from the waitlist"),
    BookingEmail.OFFER_EXPIRED: _("Offer expired"),
    BookingEmail.CANCELLED: _("Cancelled by the parent"),
    BookingEmail.CANCELLED_BY_STAFF: _("Cancelled by staff"),
    BookingEmail.SESSION_MOVED: _("Session moved"),
    BookingEmail.SESSION_CANCELLED: _("Session cancelled"),
    BookingEmail.REMINDER: _("Reminder"),
    BookingEmail.STAFF_MESSAGE: _("Message from the organizers"),
    BookingEmail.NEXT_GROUP_QUESTION: _("Question about the next group"),
    OutboxMessage.ACCOUNT_KIND: _("Login code or account e-mail"),
    "accessibility_feedback": _("Feedback on accessibility"),
    INVITATION: _("Invitation from the interest list"),
}

# The calendar method each kind's attachment uses, if it has one: every change re-sends the
# whole series (a cancelled session is left out of it). A cancelled booking or group carries a
# CANCEL of the series when the household had been sent an invite (the caller says so).
INVITE_METHOD = {
    BookingEmail.CONFIRMED: "REQUEST",
    BookingEmail.PROMOTED: "REQUEST",
    BookingEmail.SESSION_MOVED: "REQUEST",
    BookingEmail.SESSION_CANCELLED: "REQUEST",
    BookingEmail.SESSION_ADDED: "REQUEST",
    BookingEmail.VENUE_CHANGED: "REQUEST",
}


def queue_booking_email(
    *,
    booking: Booking,
    kind: BookingEmail,
    session: Session | None = None,
    changed_sessions: list[Session] | None = None,
    cancels_calendar: bool = False,
    staff_text: str = "",
    staff_subject: str = "",
) -> OutboxMessage | None:
    """Record a message about `booking` in the outbox (inside the caller's transaction), to be
    rendered and sent by the worker. Bookings without an e-mail address (taken by staff on the
    phone) get none.

    `session` is the one session a session message is about, `changed_sessions` the several
    a venue change moves. `cancels_calendar` owes the household a CANCEL of the series (a
    cancelled booking or group that had been invited). `staff_text` is what staff wrote (a
    reason for cancelling, or a message to everyone booked), with `staff_subject`. A waitlist
    message records the place in line at this moment: `position` when the caller has counted
    it, else it is counted here.
    """
    if not booking.email:
        return None
    facts: dict = {}
    method = "CANCEL" if cancels_calendar else INVITE_METHOD.get(kind)
    if method is not None:
        facts["calendar"] = method
    if kind == BookingEmail.OFFERED and booking.offer_expires_at is not None:
        facts["deadline"] = booking.offer_expires_at.isoformat()
    if staff_text:
        facts["staff_text"] = staff_text
    if staff_subject:
        facts["staff_subject"] = staff_subject
    if changed_sessions:
        facts["changed_sessions"] = [each.pk for each in changed_sessions]
    return queue_booking_message(
        kind=kind,
        booking_id=booking.pk,
        recipient=booking.email,
        session_id=session.pk if session is not None else None,
        facts=facts,
    )
