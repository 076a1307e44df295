"""Yearly statistics per program for the municipality's annual report.

Definitions (they are what the admin screen and its exports show):

- **Year**: an offering belongs, with everything about it, to the calendar year (Stockholm
  time) of its first session that is not cancelled. A course that runs from November to
  February counts in full in the year it started, so each row's numbers belong together.
  Offerings with no such session (never scheduled, or every session cancelled) are left out.
  The year filter offers every year from the oldest offering's to the newest's.
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
aggregated in the database per program and year (five queries, however many bookings), and only
over the chosen year's offerings, found by their stored first session
(`Offering.first_session_at`): a year's numbers cost what that year holds, not the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from bookings.models import Attendance, AttendanceMark, Booking, BookingStatus, Offering
from bookings.permissions import offerings_visible_to


@dataclass
class ProgramYear:
    """The numbers for one program in one year (or for all programs: the totals)."""

    program: str
    year: int | None
    program_path: str = ""  # the program page's place in the tree: its municipality
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


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    """New Year to New Year, Stockholm time (the site's time zone)."""
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def _counted_offerings(user, year: int | None) -> QuerySet[Offering]:
    """The offerings the user may see that have a session taking place, in `year` (by their
    stored first session, an index range) or in any year."""
    offerings = offerings_visible_to(user).filter(first_session_at__isnull=False)
    if year is not None:
        start, end = _year_bounds(year)
        offerings = offerings.filter(first_session_at__gte=start, first_session_at__lt=end)
    return offerings


def _years(user) -> list[int]:
    """Every year from the user's newest offering's to their oldest's, newest first. One
    query: the two ends of an index."""
    span = _counted_offerings(user, None).aggregate(
        first=Min("first_session_at"), last=Max("first_session_at")
    )
    if span["first"] is None:
        return []
    first, last = (timezone.localtime(span[end]).year for end in ("first", "last"))
    return list(range(last, first - 1, -1))


def _per_program_year(rows: QuerySet, offering: str) -> QuerySet:
    """Group `rows` by the program and year of the offering found at `offering`."""
    prefix = f"{offering}__" if offering else ""
    return rows.order_by().values(
        program_pk=F(f"{prefix}program_id"), year=ExtractYear(f"{prefix}first_session_at")
    )


def _offering_counts(chosen: QuerySet, now: datetime) -> list[dict]:
    """Per program and year: its title, offerings and sessions held. One query."""
    offerings = Offering.objects.filter(pk__in=chosen.values("pk"))
    return list(
        _per_program_year(offerings, "").annotate(
            title=F("program__title"),
            program_path=F("program__path"),
            offerings=Count("pk", distinct=True),
            sessions_held=Count("sessions", filter=held_session_q("sessions__", now)),
        )
    )


def _booking_counts(chosen: QuerySet) -> list[dict]:
    """Per program and year: households and persons with a seat now, waitlist demand. One
    query."""
    bookings = Booking.objects.filter(offering__in=chosen.values("pk"))
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
    came = Attendance.objects.filter(
        held_session_q("session__", now), booking=OuterRef("pk"), mark=AttendanceMark.PRESENT
    )
    bookings = (
        Booking.objects.filter(offering__in=chosen.values("pk"))
        .exclude(status=BookingStatus.CONFIRMED)
        .filter(Exists(came))
    )
    return list(
        _per_program_year(bookings, "offering").annotate(
            also_reached=Count("pk"), also_persons=Sum("persons", default=0)
        )
    )


def _mark_counts(chosen: QuerySet, now: datetime) -> list[dict]:
    """Per program and year: each kind of mark at held sessions. One query."""
    marks = Attendance.objects.filter(session__offering__in=chosen.values("pk")).filter(
        held_session_q("session__", now)
    )
    return list(
        _per_program_year(marks, "session__offering").annotate(
            present=Count("pk", filter=Q(mark=AttendanceMark.PRESENT)),
            no_shows=Count("pk", filter=Q(mark=AttendanceMark.ABSENT)),
            notified_absences=Count("pk", filter=Q(mark=AttendanceMark.NOTIFIED)),
        )
    )


def yearly_statistics(*, user, year: int | None, now: datetime | None = None) -> YearlyStatistics:
    """Statistics of the offerings `user` may see, for one calendar year (None: all years).

    Five queries, whatever the history holds: the years, then the offerings, bookings, the
    households that came without a seat now, and the marks of the chosen year's offerings
    (found by their stored first session), each counted per program and year in the database.
    """
    now = now or timezone.now()
    stats = YearlyStatistics(year=year, years=_years(user))
    chosen = _counted_offerings(user, year)
    offerings = _offering_counts(chosen, now)
    rows = {
        (counts["program_pk"], counts["year"]): ProgramYear(
            program=counts["title"], year=counts["year"], program_path=counts["program_path"]
        )
        for counts in offerings
    }
    for counts in (*offerings, *_booking_counts(chosen), *_mark_counts(chosen, now)):
        row = rows.get((counts["program_pk"], counts["year"]))
        if row is None:  # an offering dated while the statistics were read
            continue
        for name in COUNTS:
            if name in counts:
                setattr(row, name, counts[name])
    for counts in _came_without_a_seat(chosen, now):
        row = rows.get((counts["program_pk"], counts["year"]))
        if row is not None:
            row.households_reached += counts["also_reached"]
            row.persons_reached += counts["also_persons"]
    stats.rows = sorted(rows.values(), key=lambda row: (-row.year, row.program.lower()))
    return stats
