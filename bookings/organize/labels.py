"""How the organizer's screens and printed lists name a session: its start, in words.

Always Stockholm time (settings.TIME_ZONE), whatever time zone the organizer chose for the
admin: the sessions happen there.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bookings.models import Session


def local(value: datetime) -> datetime:
    """A stored (UTC) datetime in the site's own time zone (Europe/Stockholm)."""
    return timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))


def session_label(session: Session, *, short: bool = False) -> str:
    """"Thursday 12 March 2026, 18:00", or short "Thu 12 Mar, 18:00" (for links and tabs)."""
    starts = local(session.starts_at)
    return _("%(date)s, %(time)s") % {
        "date": date_format(starts, "D j M" if short else "l j F Y"),
        "time": date_format(starts, "H:i"),
    }
