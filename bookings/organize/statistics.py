"""Yearly statistics per program for the municipality's annual report.

Definitions (they are what the admin screen and its exports show):

- **Year**: an offering belongs, with everything about it, to the calendar year (Stockholm
  time) of its first session that is not cancelled. A course that runs from November to
  February counts in full in the year it started, so each row's numbers belong together.
  Offerings with no such session (never scheduled, or every session cancelled) are left out.
- **Offerings**: offerings in that year.
- **Sessions held**: their sessions that are not cancelled and started before now.
- **Households reached**: bookings that are confirmed now, or that were marked present at a
  held session (a household that came and later cancelled still counts). A family booked on
  two offerings counts twice: bookings cannot be matched across offerings once anonymized.
- **Persons reached**: the persons of those bookings added up.
- **Attendance rate**: present marks / all marks at held sessions (None when nothing is
  marked), as the attendance grid counts them; an absence said in advance is an absence.
- **No-shows**: absent marks at held sessions: the household neither came nor said so.
- **Notified absences**: held sessions a household said in advance it could not come to.
- **Waitlist demand**: bookings that were ever on the waitlist (`waitlisted_at` is set; it
  stays set when the household is later offered or given a seat).

The counts must survive anonymization, which blanks a booking's name, e-mail, phone, user,
child's age band, interpreter language and needs but keeps the row, its status, persons and
waitlist time, and the attendance rows. So nothing here reads a personal field. Everything is
aggregated in the database per offering (three queries, however many bookings) and added up
per program and year here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.utils import timezone

from bookings.models import Attendance, AttendanceMark, Booking, BookingStatus, Offering
from bookings.permissions import offerings_visible_to


@dataclass
class ProgramYear:
    """The numbers for one program in one year (or for all programs: the totals)."""

    program: str
    year: int | None
    offerings: int = 0
    sessions_held: int = 0
    households_reached: int = 0
    persons_reached: int = 0
    present: int = 0
    no_shows: int = 0
    notified_absences: int = 0
    waitlist_demand: int = 0

    @property
    def attendance_rate(self) -> float | None:
        marked = self.present + self.no_shows + self.notified_absences
        return self.present / marked if marked else None

    @property
    def attendance_percent(self) -> int | None:
        """The attendance rate in whole percent (None when nothing was marked)."""
        rate = self.attendance_rate
        return None if rate is None else round(rate * 100)

    def add(self, other: ProgramYear) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


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


@dataclass
class YearlyStatistics:
    """Rows per program and year (newest year first, then by program), with totals."""

    year: int | None  # None: all years
    years: list[int]  # years that have data, newest first
    rows: list[ProgramYear] = field(default_factory=list)

    @property
    def totals(self) -> ProgramYear:
        total = ProgramYear(program="", year=self.year)
        for row in self.rows:
            total.add(row)
        return total


def held_session_q(prefix: str, now: datetime) -> Q:
    return Q(**{f"{prefix}is_cancelled": False, f"{prefix}starts_at__lt": now})


class OfferingYear(NamedTuple):
    pk: int
    program_id: int
    program: str
    year: int
    sessions_held: int


def _offerings(user, now: datetime) -> list[OfferingYear]:
    """Every offering the user may see that has a live session, with its year and the number
    of sessions held. One query."""
    live = Q(sessions__is_cancelled=False)
    rows = (
        Offering.objects.filter(pk__in=offerings_visible_to(user).values("pk"))
        .annotate(
            first_start=Min("sessions__starts_at", filter=live),
            held=Count("sessions", filter=held_session_q("sessions__", now)),
        )
        .filter(first_start__isnull=False)
        .values_list("pk", "program_id", "program__title", "first_start", "held")
    )
    return [
        OfferingYear(pk, program_id, title, timezone.localtime(first).year, held)
        for pk, program_id, title, first, held in rows
    ]


def _booking_counts(offering_ids: list[int], now: datetime) -> dict[int, dict]:
    """Per offering: households and persons reached, waitlist demand. One query."""
    came = Attendance.objects.filter(booking=OuterRef("pk"), mark=AttendanceMark.PRESENT).filter(
        held_session_q("session__", now)
    )
    reached = Q(status=BookingStatus.CONFIRMED) | Q(Exists(came))
    counts = (
        Booking.objects.filter(offering_id__in=offering_ids)
        .order_by()
        .values("offering_id")
        .annotate(
            households=Count("pk", filter=reached),
            persons=Sum("persons", filter=reached, default=0),
            waitlisted=Count("pk", filter=Q(waitlisted_at__isnull=False)),
        )
    )
    return {row["offering_id"]: row for row in counts}


def _mark_counts(offering_ids: list[int], now: datetime) -> dict[int, dict]:
    """Per offering: each kind of mark at held sessions. One query."""
    counts = (
        Attendance.objects.filter(session__offering_id__in=offering_ids)
        .filter(held_session_q("session__", now))
        .order_by()
        .values("session__offering_id")
        .annotate(
            present_marks=Count("pk", filter=Q(mark=AttendanceMark.PRESENT)),
            absent_marks=Count("pk", filter=Q(mark=AttendanceMark.ABSENT)),
            notified_marks=Count("pk", filter=Q(mark=AttendanceMark.NOTIFIED)),
        )
    )
    return {row["session__offering_id"]: row for row in counts}


def yearly_statistics(*, user, year: int | None, now: datetime | None = None) -> YearlyStatistics:
    """Statistics of the offerings `user` may see, for one calendar year (None: all years)."""
    now = now or timezone.now()
    offerings = _offerings(user, now)
    stats = YearlyStatistics(
        year=year, years=sorted({offering.year for offering in offerings}, reverse=True)
    )
    chosen = [offering for offering in offerings if year is None or offering.year == year]
    ids = [offering.pk for offering in chosen]
    bookings = _booking_counts(ids, now) if ids else {}
    marks = _mark_counts(ids, now) if ids else {}
    rows: dict[tuple[int, int], ProgramYear] = {}
    for offering in chosen:
        booked = bookings.get(offering.pk, {})
        marked = marks.get(offering.pk, {})
        row = rows.setdefault(
            (offering.program_id, offering.year),
            ProgramYear(program=offering.program, year=offering.year),
        )
        row.add(
            ProgramYear(
                program=offering.program,
                year=offering.year,
                offerings=1,
                sessions_held=offering.sessions_held,
                households_reached=booked.get("households", 0),
                persons_reached=booked.get("persons", 0),
                waitlist_demand=booked.get("waitlisted", 0),
                present=marked.get("present_marks", 0),
                no_shows=marked.get("absent_marks", 0),
                notified_absences=marked.get("notified_marks", 0),
            )
        )
    stats.rows = sorted(rows.values(), key=lambda row: (-row.year, row.program.lower()))
    return stats
