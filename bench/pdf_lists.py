"""How long printed attendance lists take to render as PDF, for 6, 30 and 300 households.

Usage (from the repository root; about a minute with the defaults):

    .venv/bin/python bench/pdf_lists.py [--households 6 30 300] [--sessions 11] [--repeat 3]

It builds a throwaway SQLite database in a temporary folder (DATABASE_URL is ignored), with the
development settings, and one course per size: `--sessions` weekly sessions (three already
held, with attendance marked) and that many confirmed households. For each course it renders
the two documents of `bookings.organize.attendance_documents` the way the PDF view does (build the
document, then HTML -> WeasyPrint -> PDF bytes):

- the course grid (A4 landscape, households x sessions);
- the list of one session (A4 portrait, with blank rows for walk-ins).

Each is rendered `--repeat` times after one untimed warm-up (WeasyPrint's import and font
set-up happen once per process); the table shows the median, the pages and the size. It also
counts the database queries of building each document, which must not grow with the number
of households: the run fails (exit status 1) if they do or if a PDF has no pages.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def build_course(program, *, households: int, sessions: int):
    """A weekly course that started three weeks ago, its households, and marks for the
    sessions held so far (every fifth household absent)."""
    from django.utils import timezone

    from bench._common import confirmed_households, venue, weekly_sessions
    from bookings.models import Attendance, Offering

    offering = Offering.objects.create(
        program=program, title=f"Torsdagar 18:00 ({households})", capacity=households, venue=venue()
    )
    first = timezone.now().replace(hour=17, minute=0, second=0, microsecond=0)
    first -= timedelta(weeks=3)
    made = weekly_sessions(offering, first=first, count=sessions)
    bookings = confirmed_households(offering, households)
    Attendance.objects.bulk_create(
        Attendance(booking=booking, session=session, mark="present" if n % 5 else "absent")
        for session in made[:3]
        for n, booking in enumerate(bookings)
    )
    return offering, made[4]


def measure(render, repeat: int) -> tuple[float, bytes]:
    """(median seconds, the last PDF) over `repeat` timed runs after one warm-up run."""
    render()
    times = []
    pdf = b""
    for _ in range(repeat):
        began = time.perf_counter()
        pdf = render()
        times.append(time.perf_counter() - began)
    return statistics.median(times), pdf


def main() -> int:
    from bench._common import course_arguments, program_page, result, throwaway_database

    args = course_arguments(__doc__, runs="--repeat", default_runs=3, min_sessions=5)

    with throwaway_database("pdf-bench-") as began:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import translation
        from pypdf import PdfReader

        from bookings.models import Offering
        from bookings.organize import attendance_documents as documents

        translation.activate("sv")
        program = program_page()
        print(
            f"{'households':>10}  {'document':<14} {'median s':>8}  {'pages':>5}  {'KiB':>6}  "
            f"{'queries':>7}"
        )
        queries: dict[str, set[int]] = {"grid": set(), "session": set()}
        ok = True
        for households in args.households:
            course, session = build_course(program, households=households, sessions=args.sessions)
            # As the view has it: the offering with its program and venue.
            offering = Offering.objects.select_related("program", "venue").get(pk=course.pk)
            builders = {
                "grid": lambda o=offering: documents.course_document(offering=o),
                "session": lambda o=offering, s=session: documents.session_document(
                    offering=o, session=s
                ),
            }
            for label, build in builders.items():
                build()  # warm the site root paths cache, as a running server has it
                with CaptureQueriesContext(connection) as captured:
                    build()
                queries[label].add(len(captured))
                seconds, pdf = measure(lambda b=build: documents.render_pdf(b()), args.repeat)
                pages = len(PdfReader(io.BytesIO(pdf)).pages)
                ok = ok and pages > 0
                print(
                    f"{households:>10}  {label:<14} {seconds:>8.2f}  {pages:>5}  "
                    f"{len(pdf) / 1024:>6.0f}  {len(captured):>7}"
                )
        constant = all(len(counts) == 1 for counts in queries.values())
        print(f"queries per document the same for every size: {constant}")
        ok = ok and constant
    return result(began, ok)


if __name__ == "__main__":
    sys.exit(main())
