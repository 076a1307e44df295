"""Reading our calendar files as a client would: parse, expand the series, list the times."""

from __future__ import annotations

from datetime import datetime, timedelta

import recurring_ical_events
from icalendar import Calendar

from bookings.models import OutboxMessage, Session

FAR = timedelta(days=3 * 365)


def calendar_of(message: OutboxMessage) -> Calendar | None:
    """The invite attached to an outbox message, or None."""
    if not message.attachments:
        return None
    (attachment,) = message.attachments
    return Calendar.from_ical(attachment["content"])


def parse(content: bytes | str | Calendar) -> Calendar:
    return content if isinstance(content, Calendar) else Calendar.from_ical(content)


def uids(content) -> set[str]:
    """The event UIDs of a file (our files hold one per offering)."""
    return {str(event["UID"]) for event in parse(content).walk("VEVENT")}


def expanded(content) -> list[tuple[datetime, datetime]]:
    """Every instance a client shows, as (start, end) instants, in time order."""
    now = datetime.now().astimezone()
    instances = recurring_ical_events.of(parse(content)).between(now - FAR, now + FAR)
    return sorted((event.decoded("DTSTART"), event.decoded("DTEND")) for event in instances)


def session_times(sessions) -> list[tuple[datetime, datetime]]:
    """The (start, end) of the sessions that take place, in time order, to compare."""
    return sorted(
        (session.starts_at.replace(microsecond=0), session.ends_at.replace(microsecond=0))
        for session in sessions
        if not session.is_cancelled
    )


def live_times(offering) -> list[tuple[datetime, datetime]]:
    return session_times(Session.objects.filter(offering=offering))


def sequences(content) -> set[int]:
    return {int(event["SEQUENCE"]) for event in parse(content).walk("VEVENT")}
