"""Seats, booking windows and waitlist positions: computed here and nowhere else.

Every page, view, e-mail and admin screen asks `availability_of()` (or works on a queryset
passed through `with_availability()`), so "seats left", "full" and waitlist positions agree.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from bookings.models import (
    SEAT_HOLDING_STATUSES,
    Booking,
    BookingStatus,
    CapacityUnit,
    Offering,
    OfferingStatus,
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
    """Annotate seats taken and waitlist length, in one query (the first session's start and
    the offering's end are stored on it: see `ending`)."""
    return queryset.annotate(
        seats_taken=seats_taken_subquery(),
        waitlist_length=waitlist_length_subquery(),
    )


def seats_taken(*, offering: Offering) -> int:
    """Seats held in one offering, read fresh: services call it under the offering's lock,
    with the offering row they locked, whose capacity unit says what a booking takes
    (`Offering.seats_for`)."""
    held = Booking.objects.filter(offering_id=offering.pk, status__in=SEAT_HOLDING_STATUSES)
    if offering.capacity_unit == CapacityUnit.HOUSEHOLDS:
        return held.count()
    return held.aggregate(total=Sum("persons"))["total"] or 0


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


def open_window_filter(*, now: datetime) -> Q:
    """`window_state() == OPEN` as a filter on offerings: published, opened, not yet closed
    (`booking_closes_at`, else the first session's start)."""
    return (
        Q(status=OfferingStatus.PUBLISHED)
        & (Q(booking_opens_at__isnull=True) | Q(booking_opens_at__lte=now))
        & (
            Q(booking_closes_at__gt=now)
            | Q(booking_closes_at__isnull=True, first_session_at__gt=now)
            | Q(booking_closes_at__isnull=True, first_session_at__isnull=True)
        )
    )


def seat_left_filter() -> Q:
    """Not `Availability.is_full`, as a filter on offerings passed through
    `with_availability()` (or annotated with `seats_taken_subquery()`)."""
    return Q(capacity__gt=F("seats_taken"))


def has_waitlist_filter() -> Q:
    """`Availability.has_waitlist` as a filter on offerings."""
    return ~Q(waitlist_policy=WaitlistPolicy.NONE)


def free_seats_filter(*, now: datetime) -> Q:
    """`Availability.can_book_seat` as a filter on offerings passed through
    `with_availability()`: the window is open and a seat is left."""
    return open_window_filter(now=now) & seat_left_filter()


def waitlist_open_filter(*, now: datetime) -> Q:
    """`Availability.can_join_waitlist` as a filter on offerings passed through
    `with_availability()`: the window is open, every seat is taken, and there is a waitlist."""
    return open_window_filter(now=now) & ~seat_left_filter() & has_waitlist_filter()


def has_free_seats_now(*, now: datetime | None = None) -> Exists:
    """`Exists(...)` for programs (outer ref `pk`) with an offering that is open and not full."""
    now = now or timezone.now()
    offerings = with_availability(Offering.objects.filter(program=OuterRef("pk")))
    return Exists(offerings.filter(free_seats_filter(now=now)))


def waitlist_ordering() -> list:
    """The waitlist's order: higher priority first, then who came first."""
    return [F("waitlist_priority").desc(), "waitlisted_at", "pk"]


def waitlist_position_window() -> Case:
    """`waitlist_position()` for every row in one query; right while each waitlist stays whole."""
    return Case(
        When(
            status=BookingStatus.WAITLISTED,
            then=Window(
                RowNumber(),
                partition_by=[F("offering_id"), F("status")],
                order_by=waitlist_ordering(),
            ),
        ),
        default=None,
        output_field=IntegerField(),
    )


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
