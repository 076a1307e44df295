"""Printed attendance lists: the PDF and the print view show the right households, and only
to the offering's organizers."""

import math
import re
from io import BytesIO

import polib
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from bookings.models import BookingStatus
from bookings.organize import attendance_documents, rosters
from bookings.services.staff import record_attendance
from tests.bookings.organize.conftest import make_course

# The page layout of static/css/print-list.css, in mm (see the comment at its top).
PORTRAIT_HEIGHT = 297 - 2 * 16
LANDSCAPE_HEIGHT = 210 - 2 * 14
SESSION_ROW = 8 + 2 * 1 + 0.3
GRID_ROW = 6 + 2 * 0.8 + 0.3
# The repeated table header is one line of 8 pt text with padding and borders: 4-8 mm.
HEADER_ROW = (4, 8)
WALK_IN_ROWS = 4


def rows_per_full_page(page_height: float, row: float) -> range:
    """How many one-line household rows fit on a page after the repeated table header."""
    low, high = HEADER_ROW
    return range(math.floor((page_height - high) / row), math.floor((page_height - low) / row) + 1)


@pytest.fixture
def swedish(settings, tmp_path):
    """The Swedish catalogue compiled from locale/ into a temporary folder, so that these
    tests do not depend on `make translations` having run (and write nothing to locale/)."""
    source = settings.BASE_DIR / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    target = tmp_path / "sv" / "LC_MESSAGES"
    target.mkdir(parents=True)
    polib.pofile(str(source)).save_as_mofile(str(target / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path]


def pdf_pages(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(BytesIO(response.content)).pages


def texts(pages) -> list[str]:
    return [page.extract_text() for page in pages]


def households(offering):
    return list(rosters.participants(offering_id=offering.pk))


def sessions(offering):
    return list(rosters.live_sessions(offering_id=offering.pk))


def print_url(name, offering, session=None):
    url = reverse(f"organize:{name}", args=[offering.pk])
    return f"{url}?session={session.pk}" if session else url


def test_a_session_pdf_lists_every_household_on_one_page(organizer_client, course, swedish):
    session = sessions(course)[3]
    response = organizer_client.get(print_url("print_pdf", course, session))

    pages = pdf_pages(response)
    assert len(pages) == 1
    text = pages[0].extract_text()
    for booking in households(course):
        assert booking.name in text
        assert booking.phone in text
    assert "Väntande" not in text  # the waitlist is not on the list
    assert "Gnesta" in text  # the municipality: the Wagtail Site's name
    assert course.program.title in text
    assert course.title in text
    assert course.venue.name in text
    assert "Sida 1 av 1" in text
    starts = timezone.localtime(session.starts_at)
    assert f"{starts:%H:%M}–" in text  # Stockholm time

    local_date = f"{starts:%Y-%m-%d}"
    assert response["Content-Disposition"] == (
        f'inline; filename="narvarolista-{course.pk}-{local_date}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]


def test_the_course_pdf_is_a_landscape_grid_of_all_eleven_sessions(organizer_client, course):
    held = sessions(course)[0]
    first, second = households(course)[:2]
    record_attendance(
        session_id=held.pk, actor=None, marks={first.pk: "present", second.pk: "absent"}
    )

    response = organizer_client.get(print_url("print_pdf", course))

    pages = pdf_pages(response)
    assert len(pages) == 1
    box = pages[0].mediabox
    assert box.width > box.height
    text = pages[0].extract_text()
    course_sessions = sessions(course)
    assert len(course_sessions) == 11
    for session in course_sessions:
        starts = timezone.localtime(session.starts_at)
        assert f"{starts.day}/{starts.month}" in text
    for booking in households(course):
        assert booking.name in text
    lines = text.splitlines()
    first_line = next(line for line in lines if line.startswith(first.name))
    second_line = next(line for line in lines if line.startswith(second.name))
    assert "✓" in first_line
    assert "✗" not in first_line
    assert "✗" in second_line
    assert second_line.endswith(" 1 0")  # one no-show, no absence said in advance
    assert first_line.endswith(" 0 0")
    assert response["Content-Disposition"] == f'inline; filename="narvarolista-{course.pk}.pdf"'


@pytest.mark.parametrize(
    ("session_index", "page_height", "row", "extra_rows"),
    [(5, PORTRAIT_HEIGHT, SESSION_ROW, WALK_IN_ROWS), (None, LANDSCAPE_HEIGHT, GRID_ROW, 0)],
    ids=["session list", "course grid"],
)
def test_300_households_run_over_many_numbered_pages(
    boss_client, make_offering, swedish, session_index, page_height, row, extra_rows, monkeypatch
):
    # Made at once here, not by the worker (test_background_pdfs): the pages are the same.
    monkeypatch.setattr(attendance_documents, "QUICK_ROWS", 1000)
    offering = make_course(make_offering, households=300, waiting=0)
    session = None if session_index is None else sessions(offering)[session_index]

    pages = texts(pdf_pages(boss_client.get(print_url("print_pdf", offering, session))))

    names = [re.findall(r"Åsa Öberg \d{3}", page) for page in pages]
    found = [name for page in names for name in page]
    assert sorted(found) == [f"Åsa Öberg {n:03d}" for n in range(300)]  # each exactly once
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in page
        assert "Telefon" in page  # the table header repeats on every page
    # Full pages (all but the first, which also has the heading, and the last) hold as many
    # rows as fit under the repeated header: 24-25 on the portrait session list (13 pages for
    # 300 households and 4 walk-in rows), 22 on the landscape grid (14 pages).
    per_page = rows_per_full_page(page_height, row)
    middle = {len(page) for page in names[1:-1]}
    assert len(middle) == 1
    assert middle.pop() in per_page
    rows_per_page = len(names[1])
    # The first page holds fewer (the heading takes room); the rest, and the blank rows for
    # walk-ins, fill full pages and one more.
    first_page = len(names[0])
    assert 0 < first_page < rows_per_page
    later_rows = 300 - first_page + extra_rows
    assert len(pages) == 1 + math.ceil(later_rows / rows_per_page)


def test_the_print_view_shows_the_list_with_names_and_needs(organizer_client, course):
    session = sessions(course)[3]
    response = organizer_client.get(print_url("print_list", course, session))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    for booking in households(course):
        assert booking.name in page
        assert booking.phone in page
        for need in rosters.needs_of(booking):
            assert need in page
    assert "Interpreter" in page or "Tolk" in page
    assert "Väntande" not in page
    assert "js/print-button.js" in page
    assert "css/print-list.css" in page
    assert "onclick" not in page
    assert print_url("print_pdf", course, session).replace("&", "&amp;") in page
    for other in sessions(course):  # links to every other session's list
        assert f"?session={other.pk}" in page
    assert f'href="{print_url("print_list", course)}"' in page  # and to the whole course


# HTML's global date and time: seconds with at most three decimals, and an offset.
HTML_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:?\d\d)")


@pytest.mark.parametrize("whole_course", [False, True])
def test_the_print_views_times_are_valid_html(organizer_client, course, whole_course):
    session = None if whole_course else sessions(course)[3]
    page = organizer_client.get(print_url("print_list", course, session)).content.decode()
    stamps = re.findall(r'<time datetime="([^"]*)"', page)
    assert stamps
    assert [stamp for stamp in stamps if not HTML_DATETIME.fullmatch(stamp)] == []


def test_the_print_view_of_the_course_shows_recorded_marks_in_words(organizer_client, course):
    held = sessions(course)[1]
    first = households(course)[0]
    record_attendance(session_id=held.pk, actor=None, marks={first.pk: "absent"})

    page = organizer_client.get(print_url("print_list", course)).content.decode()

    for booking in households(course):
        assert booking.name in page
    row = page.split(first.name, 1)[1].split("</tr>", 1)[0]
    assert row.count("✓") == 0
    assert row.count("✗") == 1
    assert 'class="visually-hidden">absent (no-show)<' in row or (
        'class="visually-hidden">frånvarande (uteblev)<' in row
    )


def test_a_household_that_cancelled_after_being_marked_stays_on_the_grid_marked_as_such(
    organizer_client, course
):
    held = sessions(course)[0]
    leaver = households(course)[0]
    record_attendance(session_id=held.pk, actor=None, marks={leaver.pk: "present"})
    leaver.status = BookingStatus.CANCELLED
    leaver.save()

    page = organizer_client.get(print_url("print_list", course)).content.decode()

    row = page.split(leaver.name, 1)[1].split("</tr>", 1)[0]
    assert "(cancelled)" in row or "(avbokad)" in row  # as on the check list and the grid
    caption = page.split("<caption>", 1)[1].split("</caption>", 1)[0]
    assert caption.split()[0] == "5"  # of six households, five are still booked


@pytest.mark.parametrize("view", ["print_list", "print_pdf"])
@pytest.mark.parametrize("for_session", [False, True])
def test_an_organizer_of_another_offering_gets_nothing(outsider_client, course, view, for_session):
    session = sessions(course)[0] if for_session else None
    response = outsider_client.get(print_url(view, course, session))

    assert response.status_code == 404  # as for an offering that does not exist
    assert b"%PDF" not in response.content
    assert "Öberg".encode() not in response.content


@pytest.mark.parametrize("view", ["print_list", "print_pdf"])
def test_a_session_of_another_offering_is_not_found(organizer_client, course, other_course, view):
    foreign = sessions(other_course)[0]
    response = organizer_client.get(print_url(view, course, foreign))

    assert response.status_code == 404
    assert "Öberg".encode() not in response.content


@pytest.mark.parametrize("value", ["abc", "-1", "999999"])
def test_a_bad_session_parameter_is_not_found(organizer_client, course, value):
    url = reverse("organize:print_pdf", args=[course.pk])
    assert organizer_client.get(f"{url}?session={value}").status_code == 404


def test_the_outsiders_own_list_has_only_their_households(outsider_client, course, other_course):
    pages = pdf_pages(outsider_client.get(print_url("print_pdf", other_course)))

    text = "".join(texts(pages))
    assert len(re.findall(r"Åsa Öberg \d{3}", text)) == 3  # not the six of `course`


@pytest.mark.parametrize("view", ["print_list", "print_pdf"])
@pytest.mark.parametrize("for_session", [False, True])
def test_queries_do_not_grow_with_the_number_of_households(
    boss_client, make_offering, view, for_session, monkeypatch
):
    monkeypatch.setattr(attendance_documents, "QUICK_ROWS", 1000)  # both PDFs made at once
    small = make_course(make_offering, households=6, title="Liten")
    large = make_course(make_offering, households=30, title="Stor")

    def queries(offering) -> int:
        session = sessions(offering)[2] if for_session else None
        url = print_url(view, offering, session)
        boss_client.get(url)  # warm caches (site root paths, content types) first
        with CaptureQueriesContext(connection) as captured:
            response = boss_client.get(url)
        assert response.status_code == 200
        return len(captured)

    assert queries(small) == queries(large)
