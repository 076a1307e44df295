"""The course grid's PDF draws each household's marks as one cell across the session columns
(print-list.css, .col-marks), because a cell and a box per session made large grids slow. It
must print what a cell per session prints: each symbol under its own session's date. The
reference is the same document with a cell per session (the browser's markup), rendered by
WeasyPrint with the same stylesheet; the test reads where each glyph is drawn from the PDF's
text operators and the fonts' widths."""

import re
from io import BytesIO

import pytest
from django.templatetags.static import static
from pypdf import PdfReader
from pypdf.generic import ContentStream

from bookings.models import Attendance, AttendanceMark
from bookings.organize import attendance_documents, rosters
from tests.bookings.organize.conftest import make_course

pytestmark = pytest.mark.django_db

SYMBOLS = "✓✗⊘"
# In CSS px (the PDF's text space here): 0.4 mm. WeasyPrint 70 draws a letter-spaced glyph after
# the first 2.4 % of half the spacing too far right (1 px for 4 sessions, 0.2 px for 11).
TOLERANCE = 1.5
P, A, N = AttendanceMark.PRESENT, AttendanceMark.ABSENT, AttendanceMark.NOTIFIED
# Each household's marks by session index: first and last sessions, runs of empty slots, every
# session marked, none marked.
PATTERNS = [
    {0: P, 5: A, 10: N},
    {},
    {0: N, 1: N, 10: P},
    dict.fromkeys(range(11), P),
    {3: A, 4: P, 9: N},
]


def marked_course(make_offering, sessions: int):
    offering = make_course(make_offering, households=len(PATTERNS), sessions=sessions, waiting=0)
    live = list(rosters.live_sessions(offering_id=offering.pk))
    households = list(rosters.participants(offering_id=offering.pk))
    Attendance.objects.bulk_create(
        Attendance(booking=booking, session=live[index], mark=mark)
        for booking, pattern in zip(households, PATTERNS, strict=True)
        for index, mark in pattern.items()
        if index < sessions
    )
    return offering


def cid_widths(font) -> dict[int, float]:
    """A Type0 font's glyph widths (/W of its descendant font), in thousandths of its size."""
    spec = list(font["/DescendantFonts"][0].get_object().get("/W", []))
    widths, i = {}, 0
    while i < len(spec):
        first = int(spec[i])
        if isinstance(spec[i + 1], list):
            widths.update((first + n, float(w)) for n, w in enumerate(spec[i + 1]))
            i += 2
        else:
            widths.update((code, float(spec[i + 2])) for code in range(first, int(spec[i + 1]) + 1))
            i += 3
    return widths


def to_unicode(font) -> dict[int, str]:
    cmap = font["/ToUnicode"].get_object().get_data().decode()
    pairs = re.findall(r"<([0-9a-f]{4})> <([0-9a-f]{4})>", cmap)
    return {int(code, 16): chr(int(text, 16)) for code, text in pairs}


def mark_rows(pdf: bytes) -> list[list[tuple[float, str]]]:
    """The first page's mark symbols, row by row from the top: (x where drawn, symbol)."""
    reader = PdfReader(BytesIO(pdf))
    page = reader.pages[0]
    fonts = {name: font.get_object() for name, font in page["/Resources"]["/Font"].items()}
    widths = {name: cid_widths(font) for name, font in fonts.items()}
    texts = {name: to_unicode(font) for name, font in fonts.items()}
    rows: dict[float, list[tuple[float, str]]] = {}
    x = y = size = 0.0
    font = ""
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tm":
            x, y = float(operands[4]), float(operands[5])
        elif operator == b"Tf":
            font, size = operands[0], float(operands[1])
        elif operator == b"TJ":
            for item in operands[0]:
                if isinstance(item, int | float):
                    x -= float(item) * size / 1000
                    continue
                raw = item.original_bytes
                for code in (int.from_bytes(raw[n : n + 2]) for n in range(0, len(raw), 2)):
                    if texts[font].get(code, "") in SYMBOLS:
                        rows.setdefault(round(y), []).append((x, texts[font][code]))
                    x += widths[font].get(code, 0) * size / 1000
    return [rows[y] for y in sorted(rows)]


@pytest.mark.parametrize("sessions", [11, 4])
def test_each_mark_is_drawn_where_a_cell_per_session_draws_it(make_offering, sessions):
    offering = marked_course(make_offering, sessions)
    document = attendance_documents.course_document(offering=offering)
    per_cell = attendance_documents.render_html(document).replace(
        static(attendance_documents.STYLESHEET),
        attendance_documents.stylesheet_path().as_uri(),
    )
    assert 'class="col-marks"' not in per_cell  # the reference really has a cell per session

    drawn = mark_rows(attendance_documents.render_pdf(document))
    expected = mark_rows(
        attendance_documents.html_to_pdf(per_cell, sessions=len(document.sessions))
    )

    legend, *households = expected
    assert [symbol for _x, symbol in legend] == list(SYMBOLS)
    assert len(households) == 4  # one household has no mark
    assert len(drawn) == len(expected)
    for row, expected_row in zip(drawn, expected, strict=True):
        assert [symbol for _x, symbol in row] == [symbol for _x, symbol in expected_row]
        for (x, _symbol), (expected_x, _) in zip(row, expected_row, strict=True):
            assert abs(x - expected_x) < TOLERANCE, (row, expected_row)
    every_session = households[2]
    assert len(every_session) == sessions
    pitch = every_session[1][0] - every_session[0][0]
    assert pitch > 20  # sessions are far apart: a mark a session off would show
