"""Calendar files: an offering is one event or one recurring series under one UID (`series`),
written into invites, downloads and feeds (`files`)."""

from .files import Series, booking_calendar, calendar_response, feed_calendar
from .series import STOCKHOLM, offering_uid

__all__ = [
    "STOCKHOLM",
    "Series",
    "booking_calendar",
    "calendar_response",
    "feed_calendar",
    "offering_uid",
]
