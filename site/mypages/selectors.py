"""Reads of "My pages": the parent's bookings split into coming and earlier, and their details."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from bookings import selectors as booking_selectors
from bookings.models import ACTIVE_STATUSES, Booking
from parentsite.profiles import ParentProfile


@dataclass(frozen=True)
class BookingOverview:
    """The parent's own bookings: still to come (active, not ended) and everything else."""

    upcoming: list[Booking]
    earlier: list[Booking]


def _soonest_first(booking: Booking) -> tuple:
    return (booking.first_session_at is None, booking.first_session_at or timezone.now())


def bookings_overview(*, user, now: datetime | None = None) -> BookingOverview:
    """The account's bookings (never anyone else's), in two lists, in one query."""
    now = now or timezone.now()
    bookings = booking_selectors.bookings_for_user(user=user).annotate(
        last_session_ends_at=Max("offering__sessions__ends_at")
    )
    upcoming, earlier = [], []
    for booking in bookings:
        ended = booking.last_session_ends_at is not None and booking.last_session_ends_at < now
        if booking.status in ACTIVE_STATUSES and not ended:
            upcoming.append(booking)
        else:
            earlier.append(booking)
    # Soonest first (the selector lists the newest offering first); undated ones last.
    upcoming.sort(key=_soonest_first)
    return BookingOverview(upcoming=upcoming, earlier=earlier)


def profile_of(*, user) -> ParentProfile | None:
    return ParentProfile.objects.filter(user=user).first()


def booking_form_defaults(*, user) -> dict:
    """Name and phone for a new booking: the parent's saved details, else the last booking's."""
    details = booking_selectors.last_contact_details(user=user)
    profile = profile_of(user=user)
    if profile is not None:
        details = {
            "name": profile.name or details.get("name", ""),
            "phone": profile.phone or details.get("phone", ""),
        }
    return {key: value for key, value in details.items() if value}


def message_language(*, user) -> str:
    """The language the parent chose for e-mails, or "" to follow the site's language."""
    if not user.is_authenticated:
        return ""
    profile = profile_of(user=user)
    return profile.language if profile is not None else ""
