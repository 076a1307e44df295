"""Reads of offerings and their sessions for public pages: what is coming, what can be booked."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from django.db.models import F, Prefetch, QuerySet, Subquery, Value
from django.utils import timezone

from bookings.models import Offering, OfferingStatus, ParentProfile, Session

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


class BookingPostReads(NamedTuple):
    max_persons: int  # the most persons one booking may bring
    parent_language: str  # the language the parent chose for e-mails, "" for the site's


def booking_post_reads(*, offering_id: int, user) -> BookingPostReads | None:
    """All a booking form's post reads before `book_offering` locks the offering and reads
    the rest, in one query: for an offering parents may open (not a draft, its program live),
    its persons limit and the logged-in parent's message language; None when there is none."""
    parent_language = (
        Subquery(ParentProfile.objects.filter(user=user).values("language")[:1])
        if user.is_authenticated
        else Value("")
    )
    row = (
        Offering.objects.filter(pk=offering_id, program__live=True)
        .exclude(status=OfferingStatus.DRAFT)
        .annotate(parent_language=parent_language)
        .values_list("max_persons_per_booking", "parent_language")
        .first()
    )
    return None if row is None else BookingPostReads(row[0], row[1] or "")
