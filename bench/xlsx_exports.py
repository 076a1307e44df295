"""How long the participant export (XLSX and CSV) takes for 6, 30 and 300 households.

Usage (from the repository root; about half a minute with the defaults):

    .venv/bin/python bench/xlsx_exports.py [--households 6 30 300] [--sessions 11] [--runs 5]

It builds a throwaway SQLite database in a temporary folder (DATABASE_URL is ignored), with
the development settings, and one course per size: `--sessions` weekly sessions, the first
half of them held with every household marked present or absent, and a waitlist of a tenth
of the households. Each export is fetched through the whole Django stack (test client, a
logged-in organizer, middleware, the view) `--runs` times after one untimed warm-up, and the
median is reported with the file size and the number of queries. It checks that each file
has one row per household and that the query count is the same for every size.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FORMATS = ("xlsx", "csv")


def setup_django(workdir: Path) -> None:
    """Development settings on a fresh SQLite file; must run before any Django import."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "parentsite.settings.dev"
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    import django
    from django.core.management import call_command

    django.setup()
    logging.getLogger("wagtail").setLevel(logging.WARNING)  # one line per created page
    call_command("migrate", verbosity=0)


def program_page():
    """A program page under a minimal page tree."""
    from wagtail.models import Page

    from parentsite.models import HomePage
    from programs.models import ProgramIndexPage, ProgramKind, ProgramPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Föräldrastöd", slug="bench-home"))
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


def build_course(*, program, households: int, sessions: int, organizer):
    """A course with `households` confirmed households, a waitlist and half its sessions marked."""
    from django.utils import timezone

    from bookings.models import Attendance, Booking, BookingStatus, Offering, Session

    offering = Offering.objects.create(
        program=program, title=f"Bench {households}", capacity=households
    )
    offering.organizers.add(organizer)
    first = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)
    first -= timedelta(weeks=sessions // 2)
    session_rows = Session.objects.bulk_create(
        Session(
            offering=offering,
            starts_at=first + timedelta(weeks=week),
            ends_at=first + timedelta(weeks=week, hours=2, minutes=30),
        )
        for week in range(sessions)
    )
    now = timezone.now()
    waiting = max(households // 10, 1)
    bookings = Booking.objects.bulk_create(
        [
            Booking(
                offering=offering,
                name=f"Åsa Öberg {n:04d}",
                email=f"parent{households}-{n}@example.org",
                phone=f"+46 70 {n:07d}",
                persons=1 + n % 2,
                child_age_band="6-9",
                interpreter_language="ar" if n % 7 == 0 else "",
                needs_childcare=n % 3 == 0,
                access_needs=["step_free"] if n % 11 == 0 else [],
                status=BookingStatus.CONFIRMED,
            )
            for n in range(households)
        ]
        + [
            Booking(
                offering=offering,
                name=f"Väntande {n}",
                email=f"waiting{households}-{n}@example.org",
                status=BookingStatus.WAITLISTED,
                waitlisted_at=now - timedelta(minutes=waiting - n),
            )
            for n in range(waiting)
        ]
    )
    held = [session for session in session_rows if session.starts_at <= now]
    Attendance.objects.bulk_create(
        Attendance(booking=booking, session=session, present=(booking.pk + session.pk) % 5 != 0)
        for booking in bookings[:households]
        for session in held
    )
    return offering, households + waiting


def time_export(client, url: str, runs: int) -> tuple[list[float], bytes, int]:
    """Timings of `runs` fetches (after a warm-up), the last file, and its query count."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Not CaptureQueriesContext: Django clears the query log when a request starts.
    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - began)
    return timings, response.content, len(queries)


def rows_in(content: bytes, file_format: str) -> int:
    """Data rows in an exported file (the header row not counted)."""
    import io

    if file_format == "csv":
        return content.decode("utf-8").count("\r\n") - 1
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return sum(1 for _row in sheet.iter_rows(values_only=True)) - 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, nargs="+", default=[6, 30, 300])
    parser.add_argument("--sessions", type=int, default=11)
    parser.add_argument("--runs", type=int, default=5, help="timed fetches per export")
    args = parser.parse_args()
    if min(args.households) < 1 or args.sessions < 1 or args.runs < 1:
        parser.error("--households, --sessions and --runs must be positive")

    with tempfile.TemporaryDirectory(prefix="export-bench-") as workdir:
        began = time.perf_counter()
        setup_django(Path(workdir))
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client, override_settings
        from django.urls import reverse

        from parentsite.demo.accounts import ensure_organizers_group

        print(f"database: throwaway SQLite file, migrated in {time.perf_counter() - began:.1f} s")
        organizer = get_user_model().objects.create_user(username="ledare", is_staff=False)
        organizer.groups.add(ensure_organizers_group())
        program = program_page()
        client = Client()
        client.force_login(organizer)

        ok = True
        query_counts = set()
        print(f"\n{args.sessions} sessions, median of {args.runs} runs after a warm-up\n")
        print(f"{'households':>10} {'rows':>5} {'format':>6} {'median ms':>10} {'min ms':>8} "
              f"{'max ms':>8} {'size KB':>8} {'queries':>7}")
        with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
            for households in args.households:
                offering, expected_rows = build_course(
                    program=program,
                    households=households,
                    sessions=args.sessions,
                    organizer=organizer,
                )
                for file_format in FORMATS:
                    url = reverse("organize:export_participants", args=[offering.pk, file_format])
                    timings, content, queries = time_export(client, url, args.runs)
                    query_counts.add(queries)
                    rows = rows_in(content, file_format)
                    if rows != expected_rows:
                        print(f"  FAIL: {rows} rows, expected {expected_rows}")
                        ok = False
                    ms = [t * 1000 for t in timings]
                    print(
                        f"{households:>10} {rows:>5} {file_format:>6} "
                        f"{statistics.median(ms):>10.1f} {min(ms):>8.1f} {max(ms):>8.1f} "
                        f"{len(content) / 1024:>8.1f} {queries:>7}"
                    )
        if len(query_counts) != 1:
            print(f"FAIL: the query count changes with the number of households: {query_counts}")
            ok = False
        connection.close()
    print(f"\ntotal {time.perf_counter() - began:.1f} s; RESULT: {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
