"""What we tell a parent when their booking changes, rendered in the parent's language."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.db.models import F, prefetch_related_objects
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from bookings import selectors
from bookings.calendar import booking_calendar
from bookings.models import Booking, EmailSettings, Offering, OutboxMessage, Session

from .outbox import queue_email


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
    OutboxMessage.ACCOUNT_KIND: _("Login code or account e-mail"),
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


def manage_url(booking: Booking) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "bookings:manage", args=[booking.token]
    )


@dataclass(frozen=True)
class Sender:
    """Who an e-mail is from, per site (Wagtail settings), with the project's defaults."""

    from_email: str
    reply_to: str
    name: str
    signature: str


def display_address(name: str, address: str) -> str:
    """ "Name" <address>, left unencoded: Django encodes the header when it sends."""
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}" <{address}>'


def sender_for(program) -> Sender:
    return sender_for_site(program.get_site())


def sender_for_site(site) -> Sender:
    """The sender of one Wagtail site (None: the project's defaults)."""
    # A plain read: Wagtail's `for_site()` would INSERT a settings row on first use, inside the
    # booking's transaction, making concurrent bookings wait on each other's commit.
    email_settings = EmailSettings.objects.filter(site=site).first() if site else None
    default_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = (email_settings and email_settings.sender_name) or default_name
    name = name or settings.WAGTAIL_SITE_NAME
    return Sender(
        from_email=display_address(name, address),
        reply_to=(email_settings and email_settings.reply_to) or "",
        name=name,
        signature=(email_settings and email_settings.signature) or "",
    )


def raise_calendar_sequence(*, offering_id: int) -> None:
    """Every calendar message raises the series' SEQUENCE, so a client applies each one and a
    CANCEL is never older than the last invite; the file then reads the new value. Callers
    hold the offering's lock already, so the row update waits for nobody."""
    Offering.objects.filter(pk=offering_id).update(calendar_sequence=F("calendar_sequence") + 1)


def render_email(kind: str, context: dict) -> tuple[str, str, str]:
    """(subject, plain text, HTML) from the kind's templates, in the active language."""
    subject = " ".join(render_to_string(f"emails/{kind}/subject.txt", context).split())
    text = render_to_string(f"emails/{kind}/body.txt", context).strip() + "\n"
    html = render_to_string(f"emails/{kind}/body.html", context)
    return subject, text, html


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
    """Render a message about `booking` and put it in the outbox (inside the caller's
    transaction). Bookings without an e-mail address (taken by staff on the phone) get none.

    `session` is the one session a session message is about, `changed_sessions` the several
    a venue change moves; the invite always carries the whole series. `cancels_calendar`
    attaches a CANCEL of the series (a cancelled booking or group that had been invited).
    `staff_text` is what staff wrote (a reason for cancelling, or a message to everyone
    booked), with `staff_subject`.
    """
    if not booking.email:
        return None
    offering = booking.offering
    # One query for all sessions and their venues (the message and the invite both list them).
    prefetch_related_objects([offering], selectors.sessions_with_venues_prefetch())
    link = manage_url(booking)
    method = "CANCEL" if cancels_calendar else INVITE_METHOD.get(kind)
    has_invite = method is not None
    sender = sender_for(offering.program)
    with translation.override(booking.language or settings.LANGUAGE_CODE):
        context = {
            "site_name": sender.name,
            "signature": sender.signature,
            "language": translation.get_language(),
            "booking": booking,
            "offering": offering,
            "program": offering.program,
            "sessions": sorted(offering.sessions.all(), key=lambda session: session.starts_at),
            "manage_url": link,
            "position": selectors.waitlist_position(booking),
            "deadline": booking.offer_expires_at,
            "contact": offering.program.contact,
            "has_invite": has_invite,
            "session": session,
            "changed_sessions": changed_sessions or [],
            "staff_text": staff_text,
            "staff_subject": staff_subject,
        }
        subject, text, html = render_email(kind, context)
    attachments = []
    if has_invite:
        raise_calendar_sequence(offering_id=offering.pk)
        ics = booking_calendar(booking, manage_url=link, method=method)
        attachments.append(
            {
                "filename": "invite.ics",
                "content": ics.decode(),
                "mimetype": "text/calendar",
                "params": {"method": method},
            }
        )
    return queue_email(
        kind=kind,
        recipient=booking.email,
        subject=subject,
        body_text=text,
        body_html=html,
        attachments=attachments,
        booking_id=booking.pk,
        session_id=session.pk if session is not None else None,
        from_email=sender.from_email,
        reply_to=sender.reply_to,
    )
