"""Reads about offerings and bookings. Availability is computed here and nowhere else.

Every page, view, e-mail and admin screen asks `availability_of()` (or works on a queryset
passed through `with_availability()`), so "seats left", "full" and waitlist positions agree.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import (
    ACTIVE_STATUSES,
    SEAT_HOLDING_STATUSES,
    Booking,
    BookingStatus,
    CapacityUnit,
    Offering,
    OfferingStatus,
    Session,
    WaitlistPolicy,
)


class WindowState(enum.StrEnum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Availability:
    """What a parent or organizer needs to know about an offering's seats right now."""

    capacity: int
    capacity_unit: str
    seats_taken: int
    waitlist_length: int
    has_waitlist: bool
    window: WindowState
    opens_at: datetime | None
    closes_at: datetime | None

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.seats_taken >= self.capacity

    @property
    def is_over_full(self) -> bool:
        """Staff lowered capacity below what was already booked; nobody is bumped."""
        return self.seats_taken > self.capacity

    @property
    def is_open(self) -> bool:
        return self.window == WindowState.OPEN

    @property
    def can_book_seat(self) -> bool:
        return self.is_open and not self.is_full

    @property
    def can_join_waitlist(self) -> bool:
        return self.is_open and self.is_full and self.has_waitlist

    @property
    def counts_households(self) -> bool:
        return self.capacity_unit == CapacityUnit.HOUSEHOLDS


def _seats_expression():
    """Seats one booking takes: 1 per household, or its persons when counting persons."""
    return Case(
        When(offering__capacity_unit=CapacityUnit.HOUSEHOLDS, then=Value(1)),
        default=F("persons"),
        output_field=IntegerField(),
    )


def seats_taken_subquery():
    """Correlated subquery: seats held (confirmed or offered) in the outer offering."""
    held = (
        Booking.objects.filter(offering=OuterRef("pk"), status__in=SEAT_HOLDING_STATUSES)
        .order_by()
        .values("offering")
        .annotate(total=Sum(_seats_expression()))
        .values("total")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def waitlist_length_subquery():
    waiting = (
        Booking.objects.filter(offering=OuterRef("pk"), status=BookingStatus.WAITLISTED)
        .order_by()
        .values("offering")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0))


def with_availability(queryset: QuerySet[Offering]) -> QuerySet[Offering]:
    """Annotate seats taken, waitlist length and first/last session times, in one query."""
    live_sessions = Q(sessions__is_cancelled=False)
    return queryset.annotate(
        seats_taken=seats_taken_subquery(),
        waitlist_length=waitlist_length_subquery(),
        first_session_at=Min("sessions__starts_at", filter=live_sessions),
        last_session_ends_at=Max("sessions__ends_at", filter=live_sessions),
    )


def seats_taken(*, offering_id: int) -> int:
    """Seats held in one offering, read fresh (used by services under the offering lock)."""
    total = (
        Booking.objects.filter(offering_id=offering_id, status__in=SEAT_HOLDING_STATUSES)
        .aggregate(total=Sum(_seats_expression()))
        .get("total")
    )
    return total or 0


def window_state(
    offering: Offering, *, first_session_at: datetime | None, now: datetime | None = None
) -> WindowState:
    """Open between `booking_opens_at` and `booking_closes_at` (default: the first session)."""
    now = now or timezone.now()
    if offering.status != OfferingStatus.PUBLISHED:
        return WindowState.CLOSED
    if offering.booking_opens_at and now < offering.booking_opens_at:
        return WindowState.NOT_YET_OPEN
    closes_at = offering.booking_closes_at or first_session_at
    if closes_at and now >= closes_at:
        return WindowState.CLOSED
    return WindowState.OPEN


def availability_of(offering: Offering, *, now: datetime | None = None) -> Availability:
    """Availability of one offering; uses `with_availability()` annotations when present."""
    if not hasattr(offering, "seats_taken"):
        offering = with_availability(Offering.objects.filter(pk=offering.pk)).get()
    return Availability(
        capacity=offering.capacity,
        capacity_unit=offering.capacity_unit,
        seats_taken=offering.seats_taken,
        waitlist_length=offering.waitlist_length,
        has_waitlist=offering.waitlist_policy != WaitlistPolicy.NONE,
        window=window_state(offering, first_session_at=offering.first_session_at, now=now),
        opens_at=offering.booking_opens_at,
        closes_at=offering.booking_closes_at or offering.first_session_at,
    )


def _sessions_with_venues() -> QuerySet[Session]:
    return Session.objects.select_related("venue").order_by("starts_at")


def sessions_with_venues_prefetch() -> Prefetch:
    """Prefetch an offering's sessions, oldest first, with their venues."""
    return Prefetch("sessions", queryset=_sessions_with_venues())


def upcoming_offerings(*, now: datetime) -> QuerySet[Offering]:
    """Published offerings that have not ended, with availability annotations, soonest first."""
    return (
        with_availability(Offering.objects.filter(status=OfferingStatus.PUBLISHED))
        .filter(Q(last_session_ends_at__gte=now) | Q(last_session_ends_at__isnull=True))
        .order_by(F("first_session_at").asc(nulls_last=True), "pk")
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


def has_free_seats_now(*, now: datetime | None = None) -> Exists:
    """`Exists(...)` for programs (outer ref `pk`) with an offering that is open and not full."""
    now = now or timezone.now()
    open_offerings = (
        with_availability(Offering.objects.filter(status=OfferingStatus.PUBLISHED))
        .filter(program=OuterRef("pk"))
        .filter(Q(booking_opens_at__isnull=True) | Q(booking_opens_at__lte=now))
        .filter(
            Q(booking_closes_at__gt=now)
            | Q(booking_closes_at__isnull=True, first_session_at__gt=now)
            | Q(booking_closes_at__isnull=True, first_session_at__isnull=True)
        )
        .filter(capacity__gt=F("seats_taken"))
    )
    return Exists(open_offerings)


def waitlist_ordering() -> list:
    """The waitlist's order: higher priority first, then who came first."""
    return [F("waitlist_priority").desc(), "waitlisted_at", "pk"]


def waitlist_position(booking: Booking) -> int | None:
    """1 for the first in line; None when the booking is not on the waitlist."""
    if booking.status != BookingStatus.WAITLISTED:
        return None
    ahead = Booking.objects.filter(
        offering_id=booking.offering_id, status=BookingStatus.WAITLISTED
    ).filter(
        Q(waitlist_priority__gt=booking.waitlist_priority)
        | Q(waitlist_priority=booking.waitlist_priority, waitlisted_at__lt=booking.waitlisted_at)
        | Q(
            waitlist_priority=booking.waitlist_priority,
            waitlisted_at=booking.waitlisted_at,
            pk__lt=booking.pk,
        )
    )
    return ahead.count() + 1


def active_booking_for(*, offering_id: int, email: str) -> Booking | None:
    return Booking.objects.filter(
        offering_id=offering_id, email__iexact=email, status__in=ACTIVE_STATUSES
    ).first()


def bookings_for_user(*, user) -> QuerySet[Booking]:
    """A parent's own bookings, newest offering first, with what the list shows."""
    return (
        Booking.objects.filter(user=user)
        .select_related("offering__program")
        .annotate(first_session_at=Min("offering__sessions__starts_at"))
        .order_by(F("first_session_at").desc(nulls_last=True), "-created_at")
    )


def last_contact_details(*, user) -> dict:
    """Name and phone from a parent's most recent booking, to fill in the next form."""
    latest = (
        Booking.objects.filter(user=user)
        .exclude(name="")
        .order_by("-created_at")
        .values("name", "phone")
        .first()
    )
    return latest or {}


def booking_by_token(*, token: str) -> Booking | None:
    """The booking a manage link points at. The lookup is an indexed equality on a 256-bit
    random token; a wrong token finds nothing."""
    if not token or len(token) > 64:
        return None
    return (
        Booking.objects.select_related("offering__program", "offering__venue")
        .prefetch_related(Prefetch("offering__sessions", queryset=_sessions_with_venues()))
        .filter(token=token)
        .first()
    )


def feed_sessions_for_user(*, user, now: datetime | None = None) -> list[Session]:
    """Sessions of a parent's confirmed bookings, from a month back, with offering and program."""
    now = now or timezone.now()
    return list(
        Session.objects.filter(
            offering__bookings__user=user,
            offering__bookings__status=BookingStatus.CONFIRMED,
            ends_at__gte=now - timedelta(days=30),
        )
        .select_related("venue", "offering__venue", "offering__program")
        .distinct()
        .order_by("starts_at")
    )


def public_sessions_of_program(*, program, now: datetime | None = None) -> list[Session]:
    """Upcoming sessions of a program's published offerings: no bookings, no personal data."""
    now = now or timezone.now()
    return list(
        Session.objects.filter(
            offering__program=program,
            offering__status=OfferingStatus.PUBLISHED,
            ends_at__gte=now,
        )
        .select_related("venue", "offering__venue", "offering__program")
        .order_by("starts_at")
    )
