"""Counting the yearly statistics from the bookings themselves, per program and year.

Four queries over any set of offerings (what each number means: bookings/organize/
statistics.py): the page counts the offerings of years that are not stored yet, the periodic
job a year to store (statistics_tallies.py); both with these same queries, so stored and live
numbers cannot differ. The models are those of the offerings given (a migration passes its
historical ones).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from bookings.models import AttendanceMark, BookingStatus

# The numbers, in the order the table shows them.
COUNTS = (
    "offerings",
    "sessions_held",
    "households_reached",
    "persons_reached",
    "present",
    "no_shows",
    "notified_absences",
    "waitlist_demand",
)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """New Year to New Year, in the site's time zone (Stockholm)."""
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def held_session_q(prefix: str, now: datetime) -> Q:
    return Q(**{f"{prefix}is_cancelled": False, f"{prefix}starts_at__lt": now})


def _per_program_year(rows: QuerySet, offering: str) -> QuerySet:
    """Group `rows` by the program and year of the offering found at `offering`."""
    prefix = f"{offering}__" if offering else ""
    return rows.order_by().values(
        program_pk=F(f"{prefix}program_id"), year=ExtractYear(f"{prefix}first_session_at")
    )


def _offering_counts(chosen: QuerySet, now: datetime) -> list[dict]:
    """Per program and year: its title, offerings and sessions held. One query."""
    offerings = chosen.model.objects.filter(pk__in=chosen)
    return list(
        _per_program_year(offerings, "").annotate(
            title=F("program__title"),
            program_path=F("program__path"),
            offerings=Count("pk", distinct=True),
            sessions_held=Count("sessions", filter=held_session_q("sessions__", now)),
        )
    )


def _related(chosen: QuerySet):
    """The booking and attendance models of the offerings' own registry (a migration's
    historical models, or the app's)."""
    booking = chosen.model._meta.get_field("bookings").related_model
    return booking, booking._meta.get_field("attendances").related_model


def _booking_counts(chosen: QuerySet) -> list[dict]:
    """Per program and year: households and persons with a seat now, waitlist demand. One
    query."""
    booking, _attendance = _related(chosen)
    bookings = booking.objects.filter(offering__in=chosen)
    confirmed = Q(status=BookingStatus.CONFIRMED)
    return list(
        _per_program_year(bookings, "offering").annotate(
            households_reached=Count("pk", filter=confirmed),
            persons_reached=Sum("persons", filter=confirmed, default=0),
            waitlist_demand=Count("pk", filter=Q(waitlisted_at__isnull=False)),
        )
    )


def _came_without_a_seat(chosen: QuerySet, now: datetime) -> list[dict]:
    """Per program and year: households (and their persons) reached that hold no seat now,
    i.e. marked present at a held session and cancelled since. One query; who came is a
    semi-join in the WHERE clause, from each such booking through the marks' index (inside a
    count's FILTER it would be a subquery run for every booking of the year)."""
    booking, attendance = _related(chosen)
    came = attendance.objects.filter(
        held_session_q("session__", now), booking=OuterRef("pk"), mark=AttendanceMark.PRESENT
    )
    bookings = (
        booking.objects.filter(offering__in=chosen)
        .exclude(status=BookingStatus.CONFIRMED)
        .filter(Exists(came))
    )
    return list(
        _per_program_year(bookings, "offering").annotate(
            households_reached=Count("pk"), persons_reached=Sum("persons", default=0)
        )
    )


def _mark_counts(chosen: QuerySet, now: datetime) -> list[dict]:
    """Per program and year: each kind of mark at held sessions. One query."""
    _booking, attendance = _related(chosen)
    marks = attendance.objects.filter(session__offering__in=chosen).filter(
        held_session_q("session__", now)
    )
    return list(
        _per_program_year(marks, "session__offering").annotate(
            present=Count("pk", filter=Q(mark=AttendanceMark.PRESENT)),
            no_shows=Count("pk", filter=Q(mark=AttendanceMark.ABSENT)),
            notified_absences=Count("pk", filter=Q(mark=AttendanceMark.NOTIFIED)),
        )
    )


def count_per_program_year(chosen: QuerySet, *, now: datetime) -> list[dict]:
    """The numbers of the offerings `chosen` (the ids of dated offerings: a `values("pk")`
    queryset, maybe a union), one dict per program and year: program_pk, year, title,
    program_path and each of `COUNTS`. Four queries, however many offerings."""
    rows = {}
    for counts in _offering_counts(chosen, now):
        rows[counts["program_pk"], counts["year"]] = {name: 0 for name in COUNTS} | counts
    for counts in (
        *_booking_counts(chosen),
        *_came_without_a_seat(chosen, now),
        *_mark_counts(chosen, now),
    ):
        row = rows.get((counts["program_pk"], counts["year"]))
        if row is None:  # an offering dated while the numbers were read
            continue
        for name in COUNTS:
            row[name] += counts.get(name, 0)
    return list(rows.values())
