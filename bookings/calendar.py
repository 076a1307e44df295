"""Calendar files (.ics) for a booking's sessions: one event per session, stable UIDs."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from bookings.models import Booking, Session

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def session_uid(session: Session) -> str:
    """The same UID for a session in every file we ever send, so updates replace the event."""
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    return f"session-{session.pk}@{host}"


def _organizer() -> vCalAddress:
    """The site's no-reply sender as ORGANIZER, never a staff member.

    Calendar clients show a REQUEST as an invitation only when it names an organizer and the
    recipient as an attendee. With a staff address as organizer, every parent's "accept" would
    land in that person's inbox; the no-reply sender keeps replies away from staff (RSVP is off
    for the same reason).
    """
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return vCalAddress.new(address or "noreply@localhost", cn=name or settings.WAGTAIL_SITE_NAME)


def _attendee(booking: Booking) -> vCalAddress:
    attendee = vCalAddress.new(booking.email)
    attendee.params["RSVP"] = "FALSE"
    attendee.params["PARTSTAT"] = "ACCEPTED"
    return attendee


def _session_event(session: Session, *, summary: str, description: str, booking=None) -> Event:
    venue = session.effective_venue
    extra = {}
    if booking is not None:
        extra = {"organizer": _organizer(), "attendees": [_attendee(booking)]}
    return Event.new(
        uid=session_uid(session),
        sequence=session.revision,
        stamp=timezone.now(),
        start=session.starts_at.astimezone(STOCKHOLM),
        end=session.ends_at.astimezone(STOCKHOLM),
        summary=summary,
        location=venue.address if venue else None,
        description=description,
        status="CANCELLED" if session.is_cancelled else "CONFIRMED",
        **extra,
    )


def booking_calendar(
    booking: Booking,
    *,
    manage_url: str,
    method: str = "PUBLISH",
    sessions: list[Session] | None = None,
) -> bytes:
    """An iCalendar file with the sessions of the booking's offering (all, or `sessions`).

    PUBLISH is the plain download. REQUEST is the invite sent by e-mail (and, with a higher
    SEQUENCE, the update when staff move a session); CANCEL removes the events (a cancelled
    booking or session). REQUEST and CANCEL name the parent as the only attendee. No file carries
    anyone else's personal data: only the program, times, place and the parent's own link.
    """
    offering = booking.offering
    if sessions is None:
        sessions = list(offering.sessions.all())
    return sessions_calendar(
        [(session, offering.program.title, manage_url) for session in sessions],
        method=method,
        invitee=booking if method in {"REQUEST", "CANCEL"} else None,
    )


def sessions_calendar(
    events: list[tuple[Session, str, str]],
    *,
    method: str = "PUBLISH",
    invitee: Booking | None = None,
    name: str | None = None,
) -> bytes:
    """An iCalendar file of (session, summary, description) events, in time order."""
    events = sorted(events, key=lambda event: event[0].starts_at)
    calendar = Calendar.new(prodid="-//Foraldrastod//Bokning//SV", method=method, name=name)
    for session, summary, description in events:
        event = _session_event(session, summary=summary, description=description, booking=invitee)
        if method == "CANCEL":
            event["STATUS"] = "CANCELLED"
        calendar.add_component(event)
    if events:
        calendar.add_missing_timezones(
            first_date=events[0][0].starts_at.date() - timedelta(days=1),
            last_date=events[-1][0].ends_at.date() + timedelta(days=1),
        )
    return calendar.to_ical()


def calendar_response(content: bytes, *, private: bool) -> HttpResponse:
    """A feed for calendar apps: a parent's own (private, never indexed, no referrer) or a
    program's public dates."""
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response.headers["Cache-Control"] = "private, max-age=900" if private else "max-age=3600"
    if private:
        response.headers["X-Robots-Tag"] = "noindex"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response
