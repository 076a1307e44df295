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

import argparse
import io
import logging
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def setup_django(workdir: Path) -> None:
    """Development settings on a fresh SQLite file; must run before any Django import."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "parentsite.settings.dev"
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    import django
    from django.core.management import call_command

    django.setup()
    logging.getLogger("wagtail").setLevel(logging.WARNING)  # one line per created page
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    call_command("migrate", verbosity=0)


def program_page():
    """A program page under a home page that is the default Site's root ("Gnesta")."""
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


def build_course(program, *, households: int, sessions: int):
    """A weekly course that started three weeks ago, its households, and marks for the
    sessions held so far (every fifth household absent)."""
    from django.utils import timezone

    from bookings.models import (
        AccessNeed,
        Attendance,
        Booking,
        BookingStatus,
        Offering,
        Session,
    )
    from programs.models import Venue

    venue = Venue.objects.create(
        name="Familjecentralen", street_address="Storgatan 1", postal_code="646 30", city="Gnesta"
    )
    offering = Offering.objects.create(
        program=program, title=f"Torsdagar 18:00 ({households})", capacity=households, venue=venue
    )
    first = timezone.now().replace(hour=17, minute=0, second=0, microsecond=0)
    first -= timedelta(weeks=3)
    made = Session.objects.bulk_create(
        Session(
            offering=offering,
            starts_at=first + timedelta(weeks=week),
            ends_at=first + timedelta(weeks=week, hours=2.5),
        )
        for week in range(sessions)
    )
    bookings = Booking.objects.bulk_create(
        Booking(
            offering=offering,
            email=f"parent{n}-{households}@example.org",
            name=f"Åsa Öberg-Lindström {n:03d}",
            phone=f"070-000 {n:04d}",
            persons=1 + n % 2,
            interpreter_language="ar" if n % 7 == 0 else "",
            needs_childcare=n % 3 == 0,
            access_needs=[AccessNeed.STEP_FREE] if n % 11 == 0 else [],
            status=BookingStatus.CONFIRMED,
        )
        for n in range(households)
    )
    Attendance.objects.bulk_create(
        Attendance(booking=booking, session=session, present=n % 5 != 0)
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, nargs="+", default=[6, 30, 300])
    parser.add_argument("--sessions", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per document")
    args = parser.parse_args()
    if min(args.households) < 1 or args.sessions < 5 or args.repeat < 1:
        parser.error("--households and --repeat must be positive, --sessions at least 5")

    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as workdir:
        began = time.perf_counter()
        setup_django(Path(workdir))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import translation
        from pypdf import PdfReader

        from bookings.models import Offering
        from bookings.organize import attendance_documents as documents

        translation.activate("sv")
        program = program_page()
        print(f"database: throwaway SQLite file, ready in {time.perf_counter() - began:.1f} s")
        print(
            f"{'households':>10}  {'document':<14} {'median s':>8}  {'pages':>5}  {'KiB':>6}  "
            f"{'queries':>7}"
        )
        queries: dict[str, set[int]] = {"grid": set(), "session": set()}
        ok = True
        for households in args.households:
            course, session = build_course(
                program, households=households, sessions=args.sessions
            )
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
        connection.close()
    print(f"total {time.perf_counter() - began:.1f} s; RESULT: {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
