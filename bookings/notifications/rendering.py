"""The worker's half of a booking message: render the outbox row at the moment it is sent.

A change to a booking writes only what happened (`messages.queue_booking_email`): the kind, the
booking, the session, and the facts that only that moment knows. The worker renders the subject,
the text, the HTML and the calendar file from the row at each attempt to send it, outside any
request and any lock. The booking or its sessions may have changed again in between (confirmed,
then cancelled; booked, then a session moved), so each message says what happened at its
moment, and nothing that is no longer true:

- The kind is the event, told as it happened: a confirmation still says the seat was booked
  when the parent has cancelled since (the cancellation follows as its own message), and a
  waitlist message still says the household joined the waitlist when it has been promoted
  since (the promotion follows). What only that moment knew is kept in the row's facts and
  told as it was: an offer's deadline, staff's words, the sessions a venue change moved.
- What can be read again is read when the message is rendered, so no parent is sent something
  that is no longer true: dates, times and places (every change to them queued its own message,
  "session moved", "venue changed", which follows with what changed), and the place in line
  (it only moves up; a household no longer waiting is given none).
- The calendar file is the series as it stands when rendered. A REQUEST goes only with a booking
  that still holds its seat: rendered after the parent cancelled, a confirmation carries no
  invite, so a late file can never put a cancelled booking back into a calendar. A CANCEL that
  was owed always goes: it can only take away.
- SEQUENCE is taken when the file is rendered, by raising the offering's counter, so every file
  rendered is newer than every file rendered before it, whatever order the changes were made or
  the rows queued in, and what one parent is sent never goes backwards. A retry renders again
  and takes a new number. Only a provider that delivers an older send after a newer one can
  show a client a lower number, and then the client keeps the newer file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime

from bookings import selectors
from bookings.calendar import booking_calendar
from bookings.models import Booking, BookingStatus, Offering, OutboxMessage
from bookings.site_urls import root_url_for

from .senders import sender_for


class BookingGone(Exception):
    """The booking the message is about no longer exists (its account was deleted)."""


def manage_url(booking: Booking, *, page: str = "bookings:manage") -> str:
    """The booking's page (or another `page` of its token) on its own municipality's site, in
    the parent's language."""
    with translation.override(booking.language or settings.LANGUAGE_CODE):
        path = reverse(page, args=[booking.token])
    return root_url_for(booking.offering.program) + path


def next_group_url(booking: Booking) -> str:
    """Where a household still waiting when its group started answers whether to keep a
    place for the program's next group."""
    return manage_url(booking, page="bookings:next_group")


def render_email(kind: str, context: dict) -> tuple[str, str, str]:
    """(subject, plain text, HTML) from the kind's templates, in the active language."""
    subject = " ".join(render_to_string(f"emails/{kind}/subject.txt", context).split())
    text = render_to_string(f"emails/{kind}/body.txt", context).strip() + "\n"
    html = render_to_string(f"emails/{kind}/body.html", context)
    return subject, text, html


def raise_calendar_sequence(*, offering_id: int) -> int:
    """Raise the offering's SEQUENCE and return the new value, for the file being rendered.

    The row stays locked only for these two statements: a booking waiting for the offering's
    lock waits for no template."""
    with transaction.atomic():
        Offering.objects.filter(pk=offering_id).update(calendar_sequence=F("calendar_sequence") + 1)
        return Offering.objects.values_list("calendar_sequence", flat=True).get(pk=offering_id)


def _booking_of(message: OutboxMessage) -> Booking:
    """The booking as it is now, with its offering, program and sessions (in one go)."""
    booking = (
        Booking.objects.select_related("offering__program", "offering__venue")
        .prefetch_related(selectors.sessions_with_venues_prefetch("offering__sessions"))
        .filter(pk=message.booking_id)
        .first()
    )
    if booking is None:
        raise BookingGone
    # The message goes to the address the change was recorded for; its invite names that one.
    booking.email = message.recipient
    return booking


def calendar_method(owed: str | None, booking: Booking) -> str | None:
    """The method of the file to attach now: a CANCEL that is owed, or a REQUEST while the
    booking still holds its seat (never one that would restore a cancelled booking)."""
    if owed == "REQUEST" and booking.status != BookingStatus.CONFIRMED:
        return None
    return owed


def render_booking_message(message: OutboxMessage) -> dict:
    """The row's subject, bodies, sender and calendar file, rendered now (see above)."""
    booking = _booking_of(message)
    offering = booking.offering
    sessions = list(offering.sessions.all())
    by_id = {session.pk: session for session in sessions}
    facts = message.facts or {}
    link = manage_url(booking)
    method = calendar_method(facts.get("calendar"), booking)
    sender = sender_for(offering.program)
    deadline = facts.get("deadline")
    with translation.override(booking.language or settings.LANGUAGE_CODE):
        context = {
            "site_name": sender.name,
            "signature": sender.signature,
            "language": translation.get_language(),
            "booking": booking,
            "offering": offering,
            "program": offering.program,
            "sessions": sessions,
            "manage_url": link,
            "next_group_url": next_group_url(booking),
            "position": selectors.waitlist_position(booking),
            "deadline": parse_datetime(deadline) if deadline else None,
            "contact": offering.program.contact,
            "has_invite": method is not None,
            "session": by_id.get(message.session_id),
            "changed_sessions": [
                by_id[pk] for pk in facts.get("changed_sessions", []) if pk in by_id
            ],
            "staff_text": facts.get("staff_text", ""),
            "staff_subject": facts.get("staff_subject", ""),
        }
        subject, text, html = render_email(message.kind, context)
    attachments = []
    if method is not None:
        sequence = raise_calendar_sequence(offering_id=offering.pk)
        ics = booking_calendar(
            booking, manage_url=link, method=method, sequence=sequence, organizer_name=sender.name
        )
        attachments.append(
            {
                "filename": "invite.ics",
                "content": ics.decode(),
                "mimetype": "text/calendar",
                "params": {"method": method},
            }
        )
    return {
        "subject": subject[: OutboxMessage._meta.get_field("subject").max_length],
        "body_text": text,
        "body_html": html,
        "attachments": attachments,
        "from_email": sender.from_email,
        "reply_to": sender.reply_to,
    }
