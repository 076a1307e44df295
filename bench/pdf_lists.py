"""How long printed attendance lists take to render as PDF, for 6, 30 and 300 households.

Usage (from the repository root; a minute or two with the defaults):

    .venv/bin/python bench/pdf_lists.py [--households 6 30 300] [--sessions 11] [--repeat 3]

It builds a throwaway SQLite database in a temporary folder (DATABASE_URL is ignored), with the
development settings, and one course per size: `--sessions` weekly sessions (three already
held, with attendance marked) and that many confirmed households. For each course it renders
the two documents of `bookings.organize.attendance_documents` the way the PDF view does (build the
document, then HTML -> WeasyPrint -> PDF bytes):

- the course grid (A4 landscape, households x sessions);
- the list of one session (A4 portrait, with blank rows for walk-ins);
- and, as the floor to compare them with, the same households as a plain one-column list (one
  name per row, the same stylesheet and the same WeasyPrint call): what any printed table of
  these rows costs.

The three are rendered in turn, `--repeat` times, after one untimed warm-up (WeasyPrint's import
and font set-up happen once per process), so that whatever else the machine is doing weighs on
all three alike. The table shows the median wall-clock and CPU seconds, each document's ratio
to the floor (comparable between machines and runs: the figure to compare before and after a
change), the pages and the size. It also counts the database queries of building each
document, which must not grow with the number of households: the run fails (exit status 1) if
they do or if a PDF has no pages.
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


def floor_html(document) -> str:
    """The document's households as a plain one-column list, with the print stylesheet."""
    from django.utils.html import escape

    from bookings.organize.attendance_documents import stylesheet_path

    rows = "".join(f"<tr><td>{escape(row.booking.name)}</td></tr>" for row in document.rows)
    return (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{stylesheet_path().as_uri()}"></head>'
        '<body class="print-list"><table class="list"><thead><tr><th>Namn</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></body></html>"
    )


def measure(renders: dict, repeat: int) -> dict[str, tuple[float, float, bytes]]:
    """(median wall seconds, median CPU seconds, the last PDF) per render, the renders taken in
    turn `repeat` times after one warm-up run of each."""
    for render in renders.values():
        render()
    times: dict[str, list[tuple[float, float]]] = {label: [] for label in renders}
    pdfs = {}
    for _ in range(repeat):
        for label, render in renders.items():
            wall, cpu = time.perf_counter(), time.process_time()
            pdfs[label] = render()
            times[label].append((time.perf_counter() - wall, time.process_time() - cpu))
    return {
        label: (
            statistics.median(wall for wall, _cpu in runs),
            statistics.median(cpu for _wall, cpu in runs),
            pdfs[label],
        )
        for label, runs in times.items()
    }


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
            f"{'households':>10}  {'document':<8} {'wall s':>7} {'cpu s':>7} {'x floor':>7}  "
            f"{'pages':>5}  {'KiB':>5}  {'queries':>7}"
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
            counted = {}
            for label, build in builders.items():
                build()  # warm the site root paths cache, as a running server has it
                with CaptureQueriesContext(connection) as captured:
                    build()
                counted[label] = len(captured)
                queries[label].add(len(captured))
            floor = floor_html(builders["grid"]())
            renders = {
                "floor": lambda html=floor: documents.html_to_pdf(html),
                **{
                    label: lambda b=build: documents.render_pdf(b())
                    for label, build in builders.items()
                },
            }
            measured = measure(renders, args.repeat)
            floor_wall = measured["floor"][0]
            for label, (wall, cpu, pdf) in measured.items():
                pages = len(PdfReader(io.BytesIO(pdf)).pages)
                ok = ok and pages > 0
                print(
                    f"{households:>10}  {label:<8} {wall:>7.2f} {cpu:>7.2f} "
                    f"{wall / floor_wall:>7.1f}  {pages:>5}  {len(pdf) / 1024:>5.0f}  "
                    f"{counted.get(label, '-'):>7}"
                )
        constant = all(len(counts) == 1 for counts in queries.values())
        print(f"queries per document the same for every size: {constant}")
        ok = ok and constant
    return result(began, ok)


if __name__ == "__main__":
    sys.exit(main())
