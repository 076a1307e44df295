"""Calendar files (.ics): a booking's invite, update or cancellation, its download, and feeds.

Each file holds one series per offering (`series.py`), under the same UID everywhere, so a
feed, a download and an invite of one group are the same event to a calendar. No file carries
anyone else's personal data: only the program, times, place and the parent's own link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar

from bookings.models import Booking, Offering, Session

from .series import STOCKHOLM, series_events
from .time_zones import vtimezone

PRODID = "-//Foraldrastod//Bokning//SV"


@dataclass(frozen=True)
class Series:
    """One offering's sessions as they should appear in a file."""

    offering: Offering
    sessions: list[Session]
    summary: str
    description: str


def calendar_identity(name: str) -> str:
    """A calendar-level UID that stays the same between fetches of the same feed."""
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    return f"{name}@{host}"


def _calendar(
    series: list[Series],
    *,
    method: str,
    identity: str,
    name: str | None = None,
    invitee: Booking | None = None,
    organizer_name: str | None = None,
) -> bytes:
    calendar = Calendar.new(prodid=PRODID, method=method, name=name, uid=identity)
    starts, ends = [], []
    for item in series:
        for event in series_events(
            item.offering,
            item.sessions,
            summary=item.summary,
            description=item.description,
            sequence=item.offering.calendar_sequence,
            invitee=invitee,
            organizer_name=organizer_name,
            cancelled=method == "CANCEL",
        ):
            calendar.add_component(event)
        starts += [session.starts_at for session in item.sessions]
        ends += [session.ends_at for session in item.sessions]
    if starts:  # before the events that name it, as clients read files from the top
        calendar.subcomponents.insert(
            0,
            vtimezone(
                STOCKHOLM.key,
                first=min(starts).date() - timedelta(days=1),
                last=max(ends).date() + timedelta(days=1),
            ),
        )
    return calendar.to_ical()


def booking_calendar(
    booking: Booking,
    *,
    manage_url: str,
    method: str = "PUBLISH",
    sequence: int | None = None,
    organizer_name: str | None = None,
) -> bytes:
    """The booking's offering as one series: PUBLISH for the download, REQUEST for an invite
    or update (sent by e-mail), CANCEL when the booking or the whole group is cancelled.
    REQUEST and CANCEL name the parent as the only attendee. An e-mail's file carries the
    `sequence` its sender has just taken; a download reads the offering's current one."""
    offering = booking.offering
    offering.calendar_sequence = (
        sequence
        if sequence is not None
        else Offering.objects.values_list("calendar_sequence", flat=True).get(pk=offering.pk)
    )
    series = Series(
        offering=offering,
        sessions=list(offering.sessions.all()),
        summary=offering.program.title,
        description=manage_url,
    )
    return _calendar(
        [series],
        method=method,
        identity=calendar_identity(f"booking-{booking.pk}"),
        invitee=booking if method in {"REQUEST", "CANCEL"} else None,
        organizer_name=organizer_name,
    )


def feed_calendar(series: list[Series], *, identity: str, name: str) -> bytes:
    """A feed of several offerings (a parent's bookings, or a program's dates) to subscribe to."""
    return _calendar(series, method="PUBLISH", identity=calendar_identity(identity), name=name)


def calendar_response(content: bytes, *, private: bool) -> HttpResponse:
    """A feed for calendar apps: a parent's own (never stored, never indexed, no referrer) or a
    program's public dates."""
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response.headers["Cache-Control"] = "private, no-store" if private else "max-age=3600"
    if private:
        response.headers["X-Robots-Tag"] = "noindex"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response
