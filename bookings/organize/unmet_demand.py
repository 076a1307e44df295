"""Demand not met, per program and year, for the municipality's annual report.

Definitions (they are what the yearly statistics page and its downloads show):

- **Year**: the calendar year, Stockholm time, of the moment the household asked: when it
  registered on the interest list (`registered_at`; a household carried over from a waitlist
  keeps the time it joined that waitlist), or when it joined a group's waitlist.
- **Registrations of interest**: registrations on the program's interest list in that year,
  split by how they came (on the website, added by staff, carried over from a waitlist), and
  how many of them have since booked a group (the booking took them off the list).
- **Waitlisted, never offered a seat**: bookings that joined a waitlist of one of the
  program's groups in that year and were never offered or given a seat (`seat_offered_at` is
  empty), whatever became of them (still waiting, cancelled, the group ended). A household
  carried over to the interest list counts here for its waitlist and there for its
  registration: they are two questions.

Who sees what is the rule of the other statistics: registrations of the programs whose
interest lists the user may see, bookings of the offerings they may see (staff of one
municipality see only its programs). Both survive anonymization: only the program, times,
source and status are read, never a personal field.

Four queries: the years of each kind (the two ends of an index, `ORDER BY .. LIMIT 1`), then
each kind counted per program and year in the database (a chosen year is a range of the
same index).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone

from bookings.models import Booking, InterestRegistration, InterestSource, InterestStatus
from bookings.permissions import offerings_visible_to, programs_visible_to

# The numbers, in the order the table shows them.
COUNTS = (
    "registered",
    "from_web",
    "from_staff",
    "from_waitlist",
    "booked_later",
    "never_offered",
)


@dataclass
class DemandRow:
    """Demand not met for one program in one year (or for all programs: the totals)."""

    program: str
    year: int | None
    program_path: str = ""  # the program page's place in the tree: its municipality
    registered: int = 0
    from_web: int = 0
    from_staff: int = 0
    from_waitlist: int = 0
    booked_later: int = 0
    never_offered: int = 0

    def add(self, counts: DemandRow | dict) -> None:
        for name in COUNTS:
            value = counts.get(name, 0) if isinstance(counts, dict) else getattr(counts, name)
            setattr(self, name, getattr(self, name) + value)


@dataclass
class UnmetDemand:
    """Rows per program and year (newest year first, then by program), with totals."""

    year: int | None  # None: all years
    years: list[int]  # years with any registration or waitlisted booking, newest first
    rows: list[DemandRow] = field(default_factory=list)

    @property
    def totals(self) -> DemandRow:
        total = DemandRow(program="", year=self.year)
        for row in self.rows:
            total.add(row)
        return total


def _registrations(user) -> QuerySet[InterestRegistration]:
    return InterestRegistration.objects.filter(program__in=programs_visible_to(user).values("pk"))


def _never_offered(user) -> QuerySet[Booking]:
    return Booking.objects.filter(
        offering__in=offerings_visible_to(user).values("pk"),
        waitlisted_at__isnull=False,
        seat_offered_at__isnull=True,
    )


def _span(rows: QuerySet, moment: str) -> set[int]:
    """Every year from the oldest `moment` of `rows` to the newest. One query.

    Each end is the first row of `rows` in the order of its index on `moment` (`ORDER BY ..
    LIMIT 1`, read from either end of the index), not a MIN/MAX that reads every row."""
    rows = rows.filter(**{f"{moment}__isnull": False})
    ends = rows.model.objects.order_by().values_list(
        Subquery(rows.order_by(moment).values(moment)[:1]),
        Subquery(rows.order_by(f"-{moment}").values(moment)[:1]),
    )[:1]
    first, last = next(iter(ends), (None, None))
    if first is None:
        return set()
    return set(range(timezone.localtime(first).year, timezone.localtime(last).year + 1))


def _per_program_year(rows: QuerySet, *, program: str, moment: str, year: int | None):
    """`rows` of `year` (all when None), grouped by program and the year of `moment`."""
    if year is not None:
        rows = rows.filter(**{f"{moment}__year": year})
    return rows.order_by().values(
        program_pk=F(f"{program}_id"),
        year=ExtractYear(moment),
        title=F(f"{program}__title"),
        program_path=F(f"{program}__path"),
    )


def _registration_counts(user, year: int | None) -> list[dict]:
    """Per program and year: registrations, by source, and how many have booked. One query."""
    return list(
        _per_program_year(
            _registrations(user), program="program", moment="registered_at", year=year
        ).annotate(
            registered=Count("pk"),
            from_web=Count("pk", filter=Q(source=InterestSource.WEB)),
            from_staff=Count("pk", filter=Q(source=InterestSource.STAFF)),
            from_waitlist=Count("pk", filter=Q(source=InterestSource.WAITLIST)),
            booked_later=Count("pk", filter=Q(status=InterestStatus.BOOKED)),
        )
    )


def _never_offered_counts(user, year: int | None) -> list[dict]:
    """Per program and year: waitlisted bookings never offered a seat. One query."""
    return list(
        _per_program_year(
            _never_offered(user), program="offering__program", moment="waitlisted_at", year=year
        ).annotate(never_offered=Count("pk"))
    )


def demand_years(*, user) -> list[int]:
    """The years with any registration or waitlisted booking `user` may see, newest first.
    Two queries, whatever the history holds."""
    years = _span(_registrations(user), "registered_at") | _span(
        _never_offered(user), "waitlisted_at"
    )
    return sorted(years, reverse=True)


def unmet_demand(*, user, year: int | None) -> UnmetDemand:
    """Demand not met in the programs `user` may see, in one calendar year (None: all, which
    reads every year's rows: the downloads' choice, not the page's)."""
    rows: dict[tuple[int, int], DemandRow] = {}
    for counts in (*_registration_counts(user, year), *_never_offered_counts(user, year)):
        key = (counts["program_pk"], counts["year"])
        if key not in rows:
            rows[key] = DemandRow(
                program=counts["title"], year=counts["year"], program_path=counts["program_path"]
            )
        rows[key].add(counts)
    return UnmetDemand(
        year=year,
        years=demand_years(user=user),
        rows=sorted(rows.values(), key=lambda row: (-row.year, row.program.lower())),
    )
