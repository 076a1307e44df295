"""How the organizer's screens and printed lists write dates and times, and name a session.

One style for every staff screen, in the admin's language: dates in words with the month in
lower case in Swedish ("ons 2 dec 2026", "onsdag 2 december 2026"), times as "18:00". The
date formats are translated (Django's "M" would print a capitalised "Dec" in Swedish too).
Always Stockholm time (settings.TIME_ZONE), whatever time zone the organizer chose for the
admin: the sessions happen there.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:  # the models name their sessions with these labels
    from bookings.models import Session


def local(value: datetime) -> datetime:
    """A stored (UTC) datetime in the site's own time zone (Europe/Stockholm)."""
    return timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))


# Django date-format letters; each language writes its own (Swedish: "D j b Y").
LONG_DAY = pgettext_lazy("date format: weekday, day, month, year", "l j F Y")
SHORT_DAY = pgettext_lazy("date format: short weekday, day, short month", "D j M")
SHORT_DAY_YEAR = pgettext_lazy("date format: short weekday, day, short month, year", "D j M Y")
DATE = pgettext_lazy("date format: day, short month, year", "j M Y")
TIME = "H:i"


def day_label(value: datetime) -> str:
    """A day, e.g. "2 dec 2026" ("2 Dec 2026" in English)."""
    return date_format(local(value), str(DATE))


def moment_label(value: datetime | None) -> str:
    """A point in time, e.g. "2 dec 2026, 18:00" (when booked, queued, a deadline); "" for None."""
    if value is None:
        return ""
    moment = local(value)
    return _("%(date)s, %(time)s") % {
        "date": date_format(moment, str(DATE)),
        "time": date_format(moment, TIME),
    }


def session_label(session: Session, *, short: bool = False) -> str:
    """"torsdag 12 mars 2026, 18:00", or short "tor 12 mar, 18:00" (for links and tabs)."""
    starts = local(session.starts_at)
    return _("%(date)s, %(time)s") % {
        "date": date_format(starts, str(SHORT_DAY if short else LONG_DAY)),
        "time": date_format(starts, TIME),
    }


def session_span(session: Session) -> str:
    """A session's day and hours, e.g. "ons 2 dec 2026, 18:00–20:30"."""
    starts, ends = local(session.starts_at), local(session.ends_at)
    hours = f"{date_format(starts, TIME)}–{date_format(ends, TIME)}"
    if ends.date() != starts.date():
        hours = f"{date_format(starts, TIME)} – {moment_label(ends)}"
    return _("%(date)s, %(time)s") % {
        "date": date_format(starts, str(SHORT_DAY_YEAR)),
        "time": hours,
    }
