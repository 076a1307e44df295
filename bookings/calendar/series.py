"""One offering as calendar events under one UID: what every file we make is built from.

Calendar clients apply an invitation per UID, and Outlook imports only the first event of an
object with several UIDs, so an offering is one UID:
- a single session is a single event;
- several sessions are one recurring event. Its rule (weekly, one slot per session, starting at
  the first session) only numbers the instances: each session is an override (RECURRENCE-ID of
  its slot) at its own real time and place, and a cancelled session's slot is excluded (EXDATE).
  Expanding the series therefore gives exactly the sessions that take place, whatever their
  dates (a skipped week, a moved evening, another start time).
Every update re-sends the whole series with a higher SEQUENCE, so a client replaces what it had.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Event, vCalAddress

from bookings.models import Booking, Offering, Session
from bookings.site_urls import host_for

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def offering_uid(offering: Offering) -> str:
    """The same UID for an offering in every invite, download and feed we ever make, on the
    host of its municipality's site."""
    return f"offering-{offering.pk}@{host_for(offering.program)}"


def organizer(name: str | None = None) -> vCalAddress:
    """The address our e-mail comes from, as ORGANIZER, never a staff member.

    Clients show a REQUEST as an invitation when it names an organizer and the recipient as an
    attendee, and compare the organizer with the message's sender (RFC 6047, 3). With a staff
    address as organizer, every parent's "accept" would land in that person's inbox; the
    no-reply sender keeps replies away from staff (RSVP is off for the same reason).
    """
    default_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = name or default_name or settings.WAGTAIL_SITE_NAME
    return vCalAddress.new(address or "noreply@localhost", cn=name)


def attendee(booking: Booking) -> vCalAddress:
    """The parent the file is sent to: the only attendee it names."""
    address = vCalAddress.new(booking.email)
    address.params["RSVP"] = "FALSE"
    address.params["PARTSTAT"] = "ACCEPTED"
    return address


def local(moment: datetime) -> datetime:
    return moment.astimezone(STOCKHOLM)


def _slot(first: datetime, index: int) -> datetime:
    """The rule's `index`-th instance: weekly from the first session, in Stockholm time."""
    start = local(first).replace(tzinfo=None) + timedelta(weeks=index)
    return start.replace(tzinfo=STOCKHOLM)


def series_events(
    offering: Offering,
    sessions: list[Session],
    *,
    summary: str,
    description: str,
    sequence: int,
    invitee: Booking | None = None,
    organizer_name: str | None = None,
    cancelled: bool = False,
) -> list[Event]:
    """The offering's events: one event, or a series master and one override per session.

    `invitee` names the parent (REQUEST and CANCEL files); `cancelled` marks the whole series
    cancelled (a cancelled booking or offering): the master cancels it for a client that reads
    the method, and the overrides, cancelled too, keep a client that only imports the file from
    showing the rule's bare weekly dates instead of the sessions. The master carries the rule
    and the first session's details, so a client that ignores overrides still shows the right
    first date.
    """
    sessions = sorted(sessions, key=lambda session: (session.starts_at, session.pk))
    if not sessions:
        return []
    common = {
        "uid": offering_uid(offering),
        "sequence": sequence,
        "stamp": timezone.now(),
        "summary": summary,
        "description": description,
    }
    if invitee is not None:
        common.update(organizer=organizer(organizer_name), attendees=[attendee(invitee)])

    def event(session: Session, *, start: datetime, **extra) -> Event:
        venue = session.effective_venue
        status = "CANCELLED" if cancelled or session.is_cancelled else "CONFIRMED"
        return Event.new(
            start=start,
            end=start + (session.ends_at - session.starts_at),
            location=venue.address if venue else None,
            status=status,
            **common,
            **extra,
        )

    first = sessions[0]
    if len(sessions) == 1:
        return [event(first, start=local(first.starts_at))]
    master = event(first, start=_slot(first.starts_at, 0))
    master["STATUS"] = "CANCELLED" if cancelled else "CONFIRMED"
    master.add("RRULE", {"FREQ": "WEEKLY", "COUNT": len(sessions)})
    skipped = [_slot(first.starts_at, k) for k, s in enumerate(sessions) if s.is_cancelled]
    if skipped:
        master.add("EXDATE", skipped)
    overrides = [
        event(session, start=local(session.starts_at), recurrence_id=_slot(first.starts_at, k))
        for k, session in enumerate(sessions)
        if not session.is_cancelled
    ]
    return [master, *overrides]
