"""Reads of "My pages": the parent's bookings split into coming and earlier, and the sessions
of their private calendar feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Min
from django.utils import timezone

from bookings.models import ACTIVE_STATUSES, Booking, BookingStatus, Session
from bookings.selectors import has_ended, offering_ends_at

from .ownership import bookings_of_parent

FEED_LOOKBACK = timedelta(days=30)


@dataclass(frozen=True)
class BookingOverview:
    """The parent's own bookings: still to come (active, not ended) and everything else."""

    upcoming: list[Booking]
    earlier: list[Booking]


def _soonest_first(booking: Booking) -> tuple:
    return (booking.first_session_at is None, booking.first_session_at or timezone.now())


def bookings_overview(*, user, now: datetime | None = None) -> BookingOverview:
    """The parent's bookings (`ownership.bookings_of_parent`), in two lists, in one query."""
    now = now or timezone.now()
    bookings = (
        bookings_of_parent(user=user)
        .select_related("offering__program")
        .annotate(
            first_session_at=Min("offering__sessions__starts_at"),
            offering_ends_at=offering_ends_at(offering="offering_id"),
        )
        .order_by(F("first_session_at").desc(nulls_last=True), "-created_at")
    )
    upcoming, earlier = [], []
    for booking in bookings:
        ended = has_ended(booking.offering_ends_at, now=now)
        if booking.status in ACTIVE_STATUSES and not ended:
            upcoming.append(booking)
        else:
            earlier.append(booking)
    # Soonest first (the query lists the newest offering first); undated ones last.
    upcoming.sort(key=_soonest_first)
    return BookingOverview(upcoming=upcoming, earlier=earlier)


def feed_sessions_of_parent(*, user, now: datetime | None = None) -> list[tuple[Session, str]]:
    """Sessions of the parent's confirmed bookings from a month back, each with its booking's
    manage token, for the parent's private calendar feed."""
    now = now or timezone.now()
    tokens = dict(
        bookings_of_parent(user=user)
        .filter(status=BookingStatus.CONFIRMED)
        .values_list("offering_id", "token")
    )
    sessions = (
        Session.objects.filter(offering_id__in=tokens, ends_at__gte=now - FEED_LOOKBACK)
        .select_related("venue", "offering__venue", "offering__program")
        .order_by("starts_at")
    )
    return [(session, tokens[session.offering_id]) for session in sessions]
