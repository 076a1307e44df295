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
waitlist time, and the attendance rows. So nothing here reads a personal field.

Years that are over are counted once and stored (statistics_tallies.py; database triggers
forget a stored year on any write that could change its numbers). The rest is counted live,
in the database per program and year (statistics_counts.py: four queries, however many
bookings), over the offerings of the years not stored, found by their stored first session
(`Offering.first_session_at`): the numbers cost what the years not yet over hold, not the
history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from bookings.models import Offering
from bookings.permissions import offerings_visible_to, pages_administered_by

from .statistics_counts import COUNTS, count_per_program_year, year_bounds
from .statistics_tallies import stored_rows


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

    def add(self, other: ProgramYear | dict) -> None:
        for name in COUNTS:
            value = other[name] if isinstance(other, dict) else getattr(other, name)
            setattr(self, name, getattr(self, name) + value)


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


def _counted_offerings(user, year: int | None) -> QuerySet[Offering]:
    """The offerings the user may see that have a session taking place, in `year` (by their
    stored first session, an index range) or in any year."""
    offerings = offerings_visible_to(user).filter(first_session_at__isnull=False)
    if year is not None:
        start, end = year_bounds(year)
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


def _outside(stored: list[tuple[datetime, datetime]]) -> Q:
    """Offerings dated outside every stored year (sorted): the index ranges between them."""
    ranges, since = [], None
    for start, end in stored:
        if since is None:
            ranges.append(Q(first_session_at__lt=start))
        elif since < start:
            ranges.append(Q(first_session_at__gte=since, first_session_at__lt=start))
        since = end
    ranges.append(Q(first_session_at__gte=since) if since else Q())
    outside = Q()
    for each in ranges:
        outside |= each
    return outside


def _live_offerings(user, chosen: QuerySet, stored: list[tuple[datetime, datetime]]) -> QuerySet:
    """Of the chosen offerings, the ids of those no stored row counts for this user: those
    dated outside the stored years, and those seen only as their organizer (their program's
    other groups are not the user's to see, so its stored row is not either). Each part is
    read by index: the first by date, the second by organizer."""
    dated_outside = chosen.filter(_outside(stored)).order_by().values("pk")
    programs = Offering._meta.get_field("program").related_model.objects.all()
    organized_elsewhere = (
        chosen.filter(organizers=user)
        .exclude(program__in=pages_administered_by(programs, user))
        .order_by()
        .values("pk")
        if user.is_authenticated
        else chosen.none().values("pk")
    )
    return dated_outside.union(organized_elsewhere)


def yearly_statistics(*, user, year: int | None, now: datetime | None = None) -> YearlyStatistics:
    """Statistics of the offerings `user` may see, for one calendar year (None: all years).

    Six queries, whatever the history holds: the years, the stored rows, then the offerings,
    bookings, households that came without a seat now and marks of the offerings no stored
    row counts, each counted per program and year in the database.
    """
    now = now or timezone.now()
    stats = YearlyStatistics(year=year, years=_years(user))
    stored, seen = stored_rows(user=user, now=now)
    if year is not None:
        seen = [row for row in seen if row["year"] == year]
    live = _live_offerings(user, _counted_offerings(user, year), stored)
    rows: dict[tuple[int, int], ProgramYear] = {}
    for counts in (*seen, *count_per_program_year(live, now=now)):
        key = (counts["program_pk"], counts["year"])
        if key not in rows:
            rows[key] = ProgramYear(
                program=counts["title"], year=counts["year"], program_path=counts["program_path"]
            )
        rows[key].add(counts)
    stats.rows = sorted(rows.values(), key=lambda row: (-row.year, row.program.lower()))
    return stats
