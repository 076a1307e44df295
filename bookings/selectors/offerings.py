"""Reads of offerings and their sessions for public pages: what is coming, what can be booked."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from bookings.models import Offering, OfferingStatus, Session

from .availability import availability_of, with_availability
from .ending import not_ended


def sessions_with_venues() -> QuerySet[Session]:
    return Session.objects.select_related("venue").order_by("starts_at")


def sessions_with_venues_prefetch(lookup: str = "sessions") -> Prefetch:
    """Prefetch an offering's sessions (at `lookup`), oldest first, with their venues."""
    return Prefetch(lookup, queryset=sessions_with_venues())


def published_not_ended(*, now: datetime) -> QuerySet[Offering]:
    """Published offerings that have not ended (no annotations, no order)."""
    return not_ended(Offering.objects.filter(status=OfferingStatus.PUBLISHED), now=now)


def upcoming_offerings(*, now: datetime) -> QuerySet[Offering]:
    """Published offerings that have not ended, with availability annotations, soonest first."""
    return with_availability(published_not_ended(now=now)).order_by(
        F("first_session_at").asc(nulls_last=True), "pk"
    )


def upcoming_offerings_for_program(*, program, now: datetime | None = None) -> list[Offering]:
    """Published offerings of a program that have not ended, each with `.availability`."""
    now = now or timezone.now()
    offerings = (
        upcoming_offerings(now=now)
        .filter(program=program)
        .select_related("venue")
        .prefetch_related(sessions_with_venues_prefetch())
    )
    result = list(offerings)
    for offering in result:
        offering.availability = availability_of(offering, now=now)
    return result


def bookable_offering(*, offering_id: int) -> Offering | None:
    """One published offering with its program, sessions and `.availability`, or None."""
    offering = (
        with_availability(
            Offering.objects.filter(pk=offering_id).exclude(status=OfferingStatus.DRAFT)
        )
        .select_related("program", "venue")
        .prefetch_related(sessions_with_venues_prefetch())
        .first()
    )
    if offering is not None:
        offering.availability = availability_of(offering)
    return offering


def persons_limit(*, offering_id: int) -> int | None:
    """The most persons one booking may bring, for an offering parents may open (not a draft,
    its program live); None when there is none. All a booking form's post reads before
    `book_offering` locks the offering and reads the rest."""
    return (
        Offering.objects.filter(pk=offering_id, program__live=True)
        .exclude(status=OfferingStatus.DRAFT)
        .values_list("max_persons_per_booking", flat=True)
        .first()
    )
