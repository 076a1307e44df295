"""One set of attendance marks: the grid on screen, the check list, the printed lists and the
PDF draw the same symbol for the same mark and explain them with the same legend."""

from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from pypdf import PdfReader

from bookings.models import BookingStatus
from bookings.organize.marks import ABSENT, MARKS, NOT_MARKED, NOTIFIED, PRESENT, mark_of
from bookings.services.staff import record_attendance

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def legend_of(html) -> list[tuple[str, str]]:
    """(symbol, meaning) of each item of the page's legend."""
    items = html.select(".mark-legend .mark-legend__item")
    return [
        (item.select_one(".mark-box").get_text(strip=True), " ".join(item.get_text(" ").split()))
        for item in items
    ]


@pytest.fixture
def marked(organizer, course):
    """The first session held: household 0 present, 1 absent, 2 said in advance it could not
    come, the others not marked."""
    session = course.sessions.order_by("starts_at").first()
    first, second, third = course.bookings.filter(status=BookingStatus.CONFIRMED).order_by("name")[
        :3
    ]
    record_attendance(session_id=session.pk, actor=organizer, marks={first.pk: "present"})
    record_attendance(session_id=session.pk, actor=organizer, marks={second.pk: "absent"})
    record_attendance(session_id=session.pk, actor=organizer, marks={third.pk: "notified"})
    return session, first, second, third


def test_a_mark_is_one_symbol_and_an_empty_box_is_not_marked_yet():
    recorded = ("present", "absent", "notified", None)
    assert [mark_of(value) for value in recorded] == [PRESENT, ABSENT, NOTIFIED, NOT_MARKED]
    assert [mark.symbol for mark in MARKS] == ["✓", "✗", "⊘", ""]
    assert len({mark.value for mark in MARKS}) == len({str(mark.meaning) for mark in MARKS}) == 4
    assert len({mark.symbol for mark in MARKS}) == 4


def test_screen_and_paper_draw_the_same_marks_with_the_same_legend(
    organizer_client, course, marked
):
    session, first, second, third = marked
    grid = soup(organizer_client.get(reverse("organize:attendance", args=[course.pk])))
    printed_grid = soup(organizer_client.get(reverse("organize:print_list", args=[course.pk])))
    printed_list = soup(
        organizer_client.get(
            reverse("organize:print_list", args=[course.pk]) + f"?session={session.pk}"
        )
    )

    legends = [legend_of(page) for page in (grid, printed_grid, printed_list)]
    assert legends[0] == legends[1] == legends[2]
    assert [symbol for symbol, _meaning in legends[0]] == ["✓", "✗", "⊘", ""]

    def first_mark(page, name):
        row = next(r for r in page.select("tbody tr") if name in r.th.get_text())
        mark = row.select_one(".mark")
        return mark["class"][1], mark.select_one(".mark-box").get_text(strip=True)

    for page in (grid, printed_grid, printed_list):
        assert first_mark(page, first.name) == ("mark--present", "✓")
        assert first_mark(page, second.name) == ("mark--absent", "✗")
        assert first_mark(page, third.name) == ("mark--notified", "⊘")
        others = [r for r in page.select("tbody tr") if r.th.get_text(strip=True)][3:]
        assert {first_mark(page, r.th.get_text(strip=True)) for r in others} == {("mark--none", "")}


def test_the_check_list_offers_the_same_marks(organizer_client, course, marked):
    session, first, _second, _third = marked
    url = reverse("organize:session_attendance", args=[course.pk, session.pk])
    row = soup(organizer_client.get(url)).select("fieldset.attendance-row")[0]
    assert first.name in row.legend.get_text()
    choices = [
        (label.input["value"], label.select_one(".mark-box").get_text(strip=True))
        for label in row.select("label")
    ]
    assert choices == [("present", "✓"), ("absent", "✗"), ("notified", "⊘"), ("none", "")]


def test_the_pdf_draws_absent_as_a_cross_and_leaves_unmarked_boxes_empty(
    organizer_client, course, marked
):
    _session, first, second, third = marked
    response = organizer_client.get(reverse("organize:print_pdf", args=[course.pk]))
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    lines = text.splitlines()
    first_line = next(line for line in lines if line.startswith(first.name))
    second_line = next(line for line in lines if line.startswith(second.name))
    assert "✓" in first_line and "✗" not in first_line
    assert "✗" in second_line and "✓" not in second_line
    third_line = next(line for line in lines if line.startswith(third.name))
    assert "⊘" in third_line and "✗" not in third_line and "✓" not in third_line
    assert "–" not in text.split(first.name, 1)[1]  # no dash stands for any mark
