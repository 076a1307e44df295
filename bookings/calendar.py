"""Calendar files (.ics) for a booking's sessions: one event per session, stable UIDs."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from bookings.models import Booking, Session

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def session_uid(session: Session) -> str:
    """The same UID for a session in every file we ever send, so updates replace the event."""
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    return f"session-{session.pk}@{host}"


def _session_event(session: Session, *, summary: str, description: str) -> Event:
    venue = session.effective_venue
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
    )


def booking_calendar(booking: Booking, *, manage_url: str) -> bytes:
    """An iCalendar file with every session of the booking's offering.

    It carries no personal data (no names, e-mail addresses or other participants): only the
    program, times, place and the parent's own manage link.
    """
    offering = booking.offering
    sessions = list(offering.sessions.select_related("venue", "offering__venue"))
    calendar = Calendar.new(prodid="-//Foraldrastod//Bokning//SV", method="PUBLISH")
    summary = offering.program.title
    for session in sessions:
        calendar.add_component(_session_event(session, summary=summary, description=manage_url))
    if sessions:
        calendar.add_missing_timezones(
            first_date=sessions[0].starts_at.date() - timedelta(days=1),
            last_date=sessions[-1].ends_at.date() + timedelta(days=1),
        )
    return calendar.to_ical()
