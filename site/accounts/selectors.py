"""Reads of "My pages": the parent's bookings split into coming and earlier, their waiting
registrations on interest lists, and the sessions of their private calendar feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Min
from django.utils import timezone

from bookings.models import (
    ACTIVE_STATUSES,
    Booking,
    BookingStatus,
    InterestRegistration,
    InterestStatus,
)
from bookings.selectors import has_ended, sessions_with_venues_prefetch
from bookings.selectors.ending import not_ended_filter
from bookings.selectors.interest import weekday_names

from ..municipality import municipality_names, municipality_of
from .ownership import bookings_of_parent, interest_registrations_of_parent

FEED_LOOKBACK = timedelta(days=30)


@dataclass(frozen=True)
class BookingOverview:
    """The parent's own bookings: still to come (active, not ended) and everything else.

    One account serves every municipality of the install; each booking carries the name of
    its municipality (`booking.municipality`) and, when they span several, the lists come
    grouped by municipality (`upcoming_by_municipality`, `earlier_by_municipality`)."""

    upcoming: list[Booking]
    earlier: list[Booking]

    @property
    def several_municipalities(self) -> bool:
        return len({booking.municipality for booking in self.upcoming + self.earlier}) > 1

    @property
    def upcoming_by_municipality(self) -> list[tuple[str, list[Booking]]]:
        return _by_municipality(self.upcoming)

    @property
    def earlier_by_municipality(self) -> list[tuple[str, list[Booking]]]:
        return _by_municipality(self.earlier)


def _by_municipality(bookings: list[Booking]) -> list[tuple[str, list[Booking]]]:
    groups: dict[str, list[Booking]] = {}
    for booking in bookings:
        groups.setdefault(booking.municipality, []).append(booking)
    return sorted(groups.items(), key=lambda group: group[0].lower())


def _soonest_first(booking: Booking) -> tuple:
    return (booking.first_session_at is None, booking.first_session_at or timezone.now())


def bookings_overview(
    *, user, addresses: list[str] | None = None, now: datetime | None = None
) -> BookingOverview:
    """The parent's bookings (`ownership.bookings_of_parent`), in two lists, in two queries
    (the bookings, and the municipalities' names) when `addresses` are given."""
    now = now or timezone.now()
    bookings = (
        bookings_of_parent(user=user, addresses=addresses)
        .select_related("offering__program")
        .annotate(
            first_session_at=Min("offering__sessions__starts_at"),
            offering_ends_at=F("offering__last_session_ends_at"),
        )
        .order_by(F("first_session_at").desc(nulls_last=True), "-created_at")
    )
    upcoming, earlier = [], []
    names = municipality_names()
    for booking in bookings:
        booking.municipality = municipality_of(booking.offering.program.path, names)
        ended = has_ended(booking.offering_ends_at, now=now)
        if booking.status in ACTIVE_STATUSES and not ended:
            upcoming.append(booking)
        else:
            earlier.append(booking)
    # Soonest first (the query lists the newest offering first); undated ones last.
    upcoming.sort(key=_soonest_first)
    return BookingOverview(upcoming=upcoming, earlier=earlier)


def waiting_interest(*, user, addresses: list[str] | None = None) -> list[InterestRegistration]:
    """The parent's registrations still waiting for a group, oldest first, each with its
    program and `weekday_names`: one query when `addresses` are given."""
    registrations = list(
        interest_registrations_of_parent(user=user, addresses=addresses)
        .filter(status=InterestStatus.WAITING)
        .select_related("program")
        .order_by("registered_at", "pk")
    )
    for registration in registrations:
        registration.weekday_names = weekday_names(registration.preferred_weekdays)
    return registrations


def feed_bookings_of_parent(*, user, now: datetime | None = None) -> list[Booking]:
    """The parent's confirmed bookings for their private calendar feed: groups still running
    or ended within the last month, each with its offering, program and sessions."""
    now = now or timezone.now()
    return list(
        bookings_of_parent(user=user)
        .filter(status=BookingStatus.CONFIRMED)
        .filter(not_ended_filter(now=now - FEED_LOOKBACK, ends_at="offering__last_session_ends_at"))
        .select_related("offering__program", "offering__venue")
        .prefetch_related(sessions_with_venues_prefetch("offering__sessions"))
        .order_by("pk")
    )
