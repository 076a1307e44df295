"""The yearly statistics' stored years: reading them, and counting a year over to store it.

A year is stored (`TalliedYear` with a `ProgramYearTally` per program) once every offering
dated in it ended `SETTLED_AFTER` ago; the periodic job `count_statistics_years` does it, and
migration 0025 did it for the years before. Database triggers (bookings/tally_triggers.py)
delete a stored year in the same transaction as any write that could change its numbers, so
a year is either stored with its current numbers or counted live.

Counting runs without holding any lock while it reads; a write that races with it still
deletes its result (`_count_year`):

1. A row saying "being counted" is committed. Every write from then on deletes it.
2. On PostgreSQL, `LOCK TABLE ... IN SHARE MODE` (taken and let go at once) waits until every
   transaction that wrote to the offerings, sessions, bookings or marks before step 1 has
   ended: their triggers ran too early to see the row. On SQLite writers take turns: none can
   be under way while step 1 commits.
3. The year is counted. Whatever was committed by now is in the numbers; whatever is written
   later deletes the row (or has deleted it already).
4. The numbers are stored, and the row marked counted, only if the row is still there.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from django.apps import apps as installed_apps
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Exists, Max, Min, OuterRef, QuerySet
from django.utils import timezone
from django_tasks import task

from bookings.permissions import pages_administered_by

from .statistics_counts import COUNTS, count_per_program_year, year_bounds

logger = logging.getLogger(__name__)

# A year is counted once its last group ended this long ago: marks and late changes come in
# the days after a session, and each would send the year back to be counted again.
SETTLED_AFTER = timedelta(days=14)
# How long step 2 may wait for the writers before it gives up until the next run, and how
# often it looks (seconds).
WRITERS_TIMEOUT = 5.0
WRITERS_RETRY = 0.05


# Reading


def stored_rows(*, user, now: datetime) -> tuple[list[tuple[datetime, datetime]], list[dict]]:
    """The stored years that hold for `now` and the site's time zone (their New Year to New
    Year bounds), and their rows of the programs all of whose offerings `user` may see, as
    `count_per_program_year` gives them. One query: the rows of every program come, each
    with its year, so a year is known to be stored even where the user sees none of it."""
    from bookings.models import Offering, ProgramYearTally

    programs = Offering._meta.get_field("program").related_model.objects.all()
    wholly_seen = pages_administered_by(programs, user).filter(pk=OuterRef("program_id"))
    rows = ProgramYearTally.objects.filter(
        tallied_year__counted_at__isnull=False, tallied_year__complete_after__lt=now
    ).values(
        "program_id",
        "tallied_year__year",
        "tallied_year__starts_at",
        "tallied_year__ends_at",
        "program__title",
        "program__path",
        *COUNTS,
        seen=Exists(wholly_seen),
    )
    bounds, seen = set(), []
    for row in rows:
        year = row["tallied_year__year"]
        if (row["tallied_year__starts_at"], row["tallied_year__ends_at"]) != year_bounds(year):
            continue  # counted in another time zone
        bounds.add(year_bounds(year))
        if row["seen"]:
            seen.append(
                {
                    "program_pk": row["program_id"],
                    "year": year,
                    "title": row["program__title"],
                    "program_path": row["program__path"],
                    **{name: row[name] for name in COUNTS},
                }
            )
    return sorted(bounds), seen


# Counting and storing


def count_settled_years(*, now: datetime | None = None, apps=installed_apps) -> list[int]:
    """Count and store every year not stored whose offerings all ended `SETTLED_AFTER` ago;
    returns the years stored. Idempotent; two runs at once store each year once. `apps`: the
    models to use (a migration's historical ones)."""
    now = now or timezone.now()
    offering = apps.get_model("bookings", "Offering")
    tallied_year = apps.get_model("bookings", "TalliedYear")
    _sweep(apps)
    span = offering.objects.aggregate(first=Min("first_session_at"), last=Max("first_session_at"))
    if span["first"] is None:
        return []
    stored = set(
        tallied_year.objects.filter(counted_at__isnull=False).values_list("year", flat=True)
    )
    first, last = (timezone.localtime(span[end]).year for end in ("first", "last"))
    counted = []
    for year in range(first, last + 1):
        start, end = year_bounds(year)
        if year in stored or end + SETTLED_AFTER > now:
            continue
        dated = offering.objects.filter(first_session_at__gte=start, first_session_at__lt=end)
        if dated.filter(last_session_ends_at__gte=now - SETTLED_AFTER).exists():
            continue
        if _count_year(apps, year, dated, now=now):
            counted.append(year)
    return counted


def _sweep(apps) -> None:
    """Forget years counted in another time zone, and the rows of years deleted."""
    tallied_year = apps.get_model("bookings", "TalliedYear")
    program_year = apps.get_model("bookings", "ProgramYearTally")
    for year in tallied_year.objects.all():
        if (year.starts_at, year.ends_at) != year_bounds(year.year):
            tallied_year.objects.filter(pk=year.pk).delete()
    program_year.objects.exclude(tallied_year__in=tallied_year.objects.values("pk")).delete()


def _count_year(apps, year: int, dated: QuerySet, *, now: datetime) -> bool:
    """Steps 1 to 4 of the module's docstring for one year; whether it was stored."""
    tallied_year = apps.get_model("bookings", "TalliedYear")
    program_year = apps.get_model("bookings", "ProgramYearTally")
    start, end = year_bounds(year)
    try:
        with transaction.atomic():
            tallied_year.objects.filter(year=year).delete()
            pending = tallied_year.objects.create(year=year, starts_at=start, ends_at=end)
    except IntegrityError:  # another run is counting it
        return False
    if not _wait_for_writers(apps):
        return False
    complete_after = _latest_start(dated)
    if complete_after is None or complete_after >= now:
        tallied_year.objects.filter(pk=pending.pk).delete()
        return False
    rows = count_per_program_year(dated.values("pk"), now=now)
    with transaction.atomic():
        still_there = tallied_year.objects.filter(pk=pending.pk, counted_at__isnull=True).update(
            counted_at=now, complete_after=complete_after
        )
        if not still_there:
            return False
        program_year.objects.bulk_create(
            program_year(
                tallied_year_id=pending.pk,
                program_id=row["program_pk"],
                **{name: row[name] for name in COUNTS},
            )
            for row in rows
        )
    return True


def _wait_for_writers(apps) -> bool:
    """Step 2: wait until no transaction that wrote to the counted tables before now is still
    open (PostgreSQL); False when that takes longer than `WRITERS_TIMEOUT`.

    The share locks are taken all at once or not at all (NOWAIT, tried again until the
    timeout): waiting for one while holding another could close a circle with a writer that
    takes them in another order (a session, then its offering), and PostgreSQL would break it
    by failing one of the two, maybe the writer."""
    if connection.vendor != "postgresql":
        return True
    tables = ", ".join(
        apps.get_model("bookings", name)._meta.db_table
        for name in ("Offering", "Session", "Booking", "Attendance")
    )
    deadline = time.monotonic() + WRITERS_TIMEOUT
    while True:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE NOWAIT")  # noqa: S608
            return True
        except OperationalError:
            if time.monotonic() > deadline:
                logger.info("Statistics: writers still busy; the year waits for the next run.")
                return False
            time.sleep(WRITERS_RETRY)


def _latest_start(dated: QuerySet) -> datetime | None:
    """The latest start of a session that takes place and that the year's numbers look at:
    its offerings' own, and any its bookings are marked at."""
    session = dated.model._meta.get_field("sessions").related_model
    held = session.objects.filter(is_cancelled=False)
    own = held.filter(offering__in=dated.values("pk")).aggregate(last=Max("starts_at"))["last"]
    marked = held.filter(attendances__booking__offering__in=dated.values("pk")).aggregate(
        last=Max("starts_at")
    )["last"]
    return max(filter(None, (own, marked)), default=None)


@task()
def count_statistics_years() -> int:
    """Store the yearly statistics of years that are over and not stored (idempotent)."""
    return len(count_settled_years())
