"""What the benches share: a throwaway, migrated SQLite database with the development settings,
a program page under the default Site, a venue, a course's sessions and households, the command
line of the course benches and the closing RESULT line.

Import it after the script has put the repository root on sys.path, and before any Django
import: `throwaway_database()` sets Django up.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path


@contextmanager
def throwaway_database(prefix: str) -> Iterator[float]:
    """Django with the development settings on a fresh SQLite file in a temporary folder
    (DATABASE_URL is ignored), migrated; yields the time it began."""
    with tempfile.TemporaryDirectory(prefix=prefix) as workdir:
        began = time.perf_counter()
        os.environ["DJANGO_SETTINGS_MODULE"] = "parentsite.settings.dev"
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(Path(workdir) / "bench.sqlite3")
        import django
        from django.core.management import call_command

        django.setup()
        logging.getLogger("wagtail").setLevel(logging.WARNING)  # one line per created page
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        call_command("migrate", verbosity=0)
        print(f"database: throwaway SQLite file, migrated in {time.perf_counter() - began:.1f} s")
        from django.db import connection

        try:
            yield began
        finally:
            connection.close()


def result(began: float, ok: bool) -> int:
    """Print the total time and RESULT: OK or FAIL; returns the exit status."""
    print(f"total {time.perf_counter() - began:.1f} s; RESULT: {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


def course_arguments(doc: str, *, runs: str, default_runs: int, min_sessions: int = 1):
    """The checked command line of a bench that times one course per size: --households (the
    sizes), --sessions, and the flag `runs` (timed runs of each measurement)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--households", type=int, nargs="+", default=[6, 30, 300])
    parser.add_argument("--sessions", type=int, default=11)
    parser.add_argument(runs, type=int, default=default_runs, help="timed runs after a warm-up")
    args = parser.parse_args()
    if min(args.households) < 1 or args.sessions < min_sessions or getattr(args, runs[2:]) < 1:
        parser.error(f"--households, {runs} must be positive; --sessions at least {min_sessions}")
    return args


def program_page():
    """A KOMET program page under a home page that is the default Site's root ("Gnesta")."""
    from wagtail.models import Page, Site

    from parentsite.models import HomePage
    from programs.models import ProgramIndexPage, ProgramKind, ProgramPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Föräldrastöd i Gnesta", slug="bench-home"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "site_name": "Gnesta kommun"},
    )
    index = home.add_child(instance=ProgramIndexPage(title="Föräldraprogram", slug="program"))
    return index.add_child(
        instance=ProgramPage(
            title="KOMET 3–11 för föräldrar",
            slug="komet",
            kind=ProgramKind.COURSE,
            audience="Föräldrar till barn 3–11 år",
            intro="En kurs för föräldrar som ofta hamnar i konflikt med sitt barn.",
        )
    )


def venue():
    from wagtail.models import Site

    from programs.models import Venue

    return Venue.objects.create(
        site=Site.objects.get(is_default_site=True),
        name="Familjecentralen",
        street_address="Storgatan 1",
        postal_code="646 30",
        city="Gnesta",
    )


def weekly_sessions(offering, *, first: datetime, count: int) -> list:
    """`count` sessions of two and a half hours, a week apart from `first`."""
    from bookings.models import Session

    return Session.objects.bulk_create(
        Session(
            offering=offering,
            starts_at=first + timedelta(weeks=week),
            ends_at=first + timedelta(weeks=week, hours=2.5),
        )
        for week in range(count)
    )


def confirmed_households(offering, count: int) -> list:
    """`count` confirmed households of one or two persons, with long names and needs spread
    over them: an interpreter for every 7th, childcare for every 3rd, step-free for every 11th."""
    from bookings.models import AccessNeed, Booking, BookingStatus

    return Booking.objects.bulk_create(
        Booking(
            offering=offering,
            email=f"parent{n}@example.org",
            name=f"Åsa Öberg-Lindström {n:03d}",
            phone=f"070-000 {n:04d}",
            persons=1 + n % 2,
            child_age_band="6-9",
            interpreter_language="ar" if n % 7 == 0 else "",
            needs_childcare=n % 3 == 0,
            access_needs=[AccessNeed.STEP_FREE] if n % 11 == 0 else [],
            status=BookingStatus.CONFIRMED,
        )
        for n in range(count)
    )
