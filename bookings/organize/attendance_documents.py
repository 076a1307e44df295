"""Printable attendance lists of one offering: build the document, render it as HTML or PDF.

Two documents share one template (`bookings/organize/print/document.html`) and one stylesheet
(`static/css/print-list.css`):

- a *session list* (A4 portrait): the households booked on one session, each with a tick box
  and a wide signature column, then blank rows for walk-ins;
- the *course grid* (A4 landscape): households x every live session, recorded marks shown as
  symbols explained in a legend, and each household's number of absences.

The organizer's print view (`bookings.organize.printing`) renders the HTML as a standalone page
(a paper preview with a small toolbar that the stylesheet hides when printing) and the PDF
view hands the same HTML to WeasyPrint, so the browser's print-out and the PDF match.
WeasyPrint reads the stylesheet from disk (found by the staticfiles finders) and may fetch
nothing else: its URL fetcher only accepts `file:` URLs.

Households and marks come from `bookings.organize.rosters`; the queries do not grow with the
number of households. Dates and times are Stockholm local time (settings.TIME_ZONE), whatever
time zone the organizer chose for the admin: the sessions happen there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bookings.models import Offering, Session
from bookings.organize import rosters
from bookings.organize.labels import local
from bookings.organize.marks import Mark

STYLESHEET = "css/print-list.css"
# Empty rows at the end of a session list, for households who turn up without a booking.
WALK_IN_ROWS = 4
# The most rows a PDF is made of while the organizer waits: the grid's PDF then takes under a
# second of CPU, under 3 s even on a busy two-core machine (bench/pdf_lists.py). A larger list
# is made in the background (background_pdfs).
QUICK_ROWS = 30


@dataclass
class ListRow(rosters.BookedRow):
    """One household on a session list, with its mark for that session."""

    mark: Mark


@dataclass
class AttendanceDocument:
    """Everything a printed list shows. `session` is None for the whole-course grid."""

    offering: Offering
    municipality: str
    session: Session | None = None
    sessions: list[Session] = field(default_factory=list)
    rows: list[rosters.BookedRow] = field(default_factory=list)  # ListRow or HouseholdRow
    blank_rows: int = 0
    # Now, to the second: HTML's datetime attribute takes no microseconds.
    printed_at: datetime = field(
        default_factory=lambda: local(timezone.now()).replace(microsecond=0)
    )

    @property
    def walk_in_rows(self) -> range:
        return range(self.blank_rows)

    @property
    def is_grid(self) -> bool:
        return self.session is None

    @property
    def renders_quickly(self) -> bool:
        """Whether its PDF is made in about a second: then while the organizer waits."""
        return len(self.rows) + self.blank_rows <= QUICK_ROWS

    @property
    def households(self) -> int:
        return sum(row.is_still_booked for row in self.rows)

    @property
    def persons(self) -> int:
        return sum(row.booking.persons for row in self.rows if row.is_still_booked)

    @property
    def venue(self) -> str:
        """The session's venue; for the grid the offering's, or every venue sessions use."""
        if self.session is not None:
            venue = self.session.effective_venue
            return venue.address if venue else ""
        venues = {s.effective_venue.address for s in self.sessions if s.effective_venue}
        if self.offering.venue and len(venues) <= 1:
            return self.offering.venue.address
        return "; ".join(sorted(venues))

    @property
    def session_when(self) -> str:
        """E.g. "torsdag 12 mars 2026, 18:00–20:30" (Stockholm time)."""
        if self.session is None:
            return ""
        return session_time_range(self.session)

    @property
    def title(self) -> str:
        """A title without personal data (browser tab, PDF metadata, running page header)."""
        parts = [_("Attendance list"), self.offering.program.title, self.offering.title]
        if self.session is not None:
            parts.append(date_format(local(self.session.starts_at), "j/n"))
        return " – ".join(parts)

    @property
    def filename(self) -> str:
        """`narvarolista-<offering id>[-<date>].pdf`: no personal data in a file name."""
        name = f"narvarolista-{self.offering.pk}"
        if self.session is not None:
            name += f"-{local(self.session.starts_at):%Y-%m-%d}"
        return f"{name}.pdf"


def session_time_range(session: Session) -> str:
    """A session's day, date and times in Stockholm local time."""
    starts = local(session.starts_at)
    ends = local(session.ends_at)
    day = date_format(starts, "l j F Y")
    if ends.date() == starts.date():
        return f"{day}, {starts:%H:%M}–{ends:%H:%M}"
    return f"{day} {starts:%H:%M} – {date_format(ends, 'j F Y')} {ends:%H:%M}"


def municipality_name(offering: Offering) -> str:
    """The name of the Wagtail Site the program page belongs to (the municipality)."""
    site = offering.program.get_site()
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def session_document(*, offering: Offering, session: Session) -> AttendanceDocument:
    """The list to take to one session. `session` must belong to `offering`."""
    if session.offering_id != offering.pk:
        raise ValueError("The session belongs to another offering.")
    rows = [ListRow(booking, mark) for booking, mark in rosters.session_check_list(session=session)]
    return AttendanceDocument(
        offering=offering,
        municipality=municipality_name(offering),
        session=session,
        rows=rows,
        blank_rows=WALK_IN_ROWS,
    )


def course_document(*, offering: Offering) -> AttendanceDocument:
    """The grid of households x all live sessions of the offering."""
    grid = rosters.attendance_grid(offering_id=offering.pk)
    return AttendanceDocument(
        offering=offering,
        municipality=municipality_name(offering),
        sessions=grid.sessions,
        rows=grid.rows,
    )


def page_number_parts() -> tuple[str, str, str]:
    """The translated "Page 3 of 7" cut around its two numbers, for the PDF's margin boxes.

    CSS puts `counter(page)` and `counter(pages)` between the parts, with a space on each
    side: `string-set` drops the spaces at the ends of a text, so the parts come trimmed."""
    text = _("Page %(number)s of %(total)s") % {"number": "\x00", "total": "\x01"}
    parts = re.fullmatch(r"([^\x00\x01]*)\x00([^\x00\x01]*)\x01([^\x00\x01]*)", text)
    if parts is None:  # a translation with the numbers the other way round: "3 / 7"
        return ("", "/", "")
    return tuple(part.strip() for part in parts.groups())


def render_html(
    document: AttendanceDocument,
    *,
    for_pdf: bool = False,
    request=None,
    extra_context: dict | None = None,
) -> str:
    """The document as a standalone HTML page. With `for_pdf` the stylesheet is linked by
    its file URL, for WeasyPrint; otherwise by its static URL, for the browser."""
    context = {
        "document": document,
        "for_pdf": for_pdf,
        "stylesheet_href": stylesheet_path().as_uri() if for_pdf else static(STYLESHEET),
        "page_number_parts": page_number_parts(),
        **(extra_context or {}),
    }
    with timezone.override(settings.TIME_ZONE):  # for the templates' |date filters
        return render_to_string("bookings/organize/print/document.html", context, request=request)


def stylesheet_path() -> Path:
    """The print stylesheet on disk, where the staticfiles finders find it."""
    found = finders.find(STYLESHEET)
    if not found:
        raise FileNotFoundError(STYLESHEET)
    return Path(found).resolve()


def render_pdf(document: AttendanceDocument) -> bytes:
    """The document as PDF bytes."""
    sessions = len(document.sessions) if document.is_grid else None
    return html_to_pdf(render_html(document, for_pdf=True), sessions=sessions)


def html_to_pdf(html: str, *, sessions: int | None = None) -> bytes:
    """A page of the print stylesheet as PDF bytes (WeasyPrint; only local files may be read).

    A course grid's column pitch depends on its number of `sessions`: it is given to the
    stylesheet as the `--sessions` property here, not in the page (the site's Content-Security-
    Policy allows no style attribute)."""
    import weasyprint  # about a second to import: only when a PDF is wanted

    fetcher = weasyprint.URLFetcher(allowed_protocols={"file"})
    stylesheets = []
    if sessions:
        stylesheets.append(weasyprint.CSS(string=f".list--grid {{ --sessions: {int(sessions)}; }}"))
    return weasyprint.HTML(
        string=html, base_url=stylesheet_path().parent.as_uri(), url_fetcher=fetcher
    ).write_pdf(stylesheets=stylesheets)
