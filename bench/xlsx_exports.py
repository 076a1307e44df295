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

import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FORMATS = ("xlsx", "csv")


def build_course(*, program, households: int, sessions: int, organizer):
    """A course with `households` confirmed households, a waitlist and half its sessions marked."""
    from django.utils import timezone

    from bench._common import confirmed_households, weekly_sessions
    from bookings.models import Attendance, Booking, BookingStatus, Offering

    offering = Offering.objects.create(
        program=program, title=f"Bench {households}", capacity=households
    )
    offering.organizers.add(organizer)
    first = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)
    first -= timedelta(weeks=sessions // 2)
    session_rows = weekly_sessions(offering, first=first, count=sessions)
    now = timezone.now()
    waiting = max(households // 10, 1)
    bookings = confirmed_households(offering, households)
    Booking.objects.bulk_create(
        Booking(
            offering=offering,
            name=f"Väntande {n}",
            email=f"waiting{n}@example.org",
            status=BookingStatus.WAITLISTED,
            waitlisted_at=now - timedelta(minutes=waiting - n),
        )
        for n in range(waiting)
    )
    held = [session for session in session_rows if session.starts_at <= now]
    Attendance.objects.bulk_create(
        Attendance(
            booking=booking,
            session=session,
            mark="present" if (booking.pk + session.pk) % 5 else "absent",
        )
        for booking in bookings
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
    from bench._common import course_arguments, program_page, result, throwaway_database

    args = course_arguments(__doc__, runs="--runs", default_runs=5)

    with throwaway_database("export-bench-") as began:
        from django.contrib.auth import get_user_model
        from django.test import Client, override_settings
        from django.urls import reverse

        from parentsite.demo.accounts import ensure_organizers_group

        organizer = get_user_model().objects.create_user(username="ledare", is_staff=False)
        organizer.groups.add(ensure_organizers_group())
        program = program_page()
        client = Client()
        client.force_login(organizer)

        ok = True
        query_counts = set()
        print(f"\n{args.sessions} sessions, median of {args.runs} runs after a warm-up\n")
        print(
            f"{'households':>10} {'rows':>5} {'format':>6} {'median ms':>10} {'min ms':>8} "
            f"{'max ms':>8} {'size KB':>8} {'queries':>7}"
        )
        # The organizer skips the admin's second factor, as in the test suite.
        settings = {"ALLOWED_HOSTS": ["testserver"], "DEBUG": False, "STAFF_REQUIRE_MFA": False}
        with override_settings(**settings):
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
    return result(began, ok)


if __name__ == "__main__":
    sys.exit(main())
