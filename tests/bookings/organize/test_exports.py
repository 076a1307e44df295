"""Participant exports: CSV and XLSX read back, in Stockholm time, safe against formulas."""

import csv
import io
import zipfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from bookings.models import Attendance, Booking, BookingSource, BookingStatus, ChildAgeBand
from bookings.organize.spreadsheets import could_be_formula
from bookings.services.staff import record_attendance
from tests.bookings.organize.conftest import make_course, make_organizer
from tests.factories import BookingFactory, OfferedBookingFactory, SessionFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HEADERS = [
    "Status",
    "Place in line",
    "Name",
    "E-mail",
    "Phone",
    "Persons",
    "Child's age",
    "Interpreter",
    "Childcare",
    "Access needs",
    "Source",
    "Booked at",
]


def read_in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


@pytest.fixture(autouse=True)
def english(organizer):
    """The organizer reads the admin in English, so the tests can read its words."""
    read_in_english(organizer)


def export_url(offering, file_format):
    return reverse("organize:export_participants", args=[offering.pk, file_format])


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # the byte-order mark that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_sheet(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def xlsx_values(response) -> list[list]:
    return [list(row) for row in xlsx_sheet(response).iter_rows(values_only=True)]


def by_name(rows: list[list], name: str) -> list:
    return next(row for row in rows if row[2] == name)


@pytest.fixture
def marked_course(course, organizer):
    """`course` with a household offered a seat, a cancelled one, and marks at the first two
    sessions: Åsa Öberg 000 came to both, 001 missed both, 002 said in advance it would miss
    the second."""
    OfferedBookingFactory(offering=course, name="Erbjuden Ek")
    BookingFactory(offering=course, name="Avbokad Al", status=BookingStatus.CANCELLED)
    first, second = course.sessions.order_by("starts_at")[:2]
    households = {b.name: b.pk for b in course.bookings.all()}
    for session in (first, second):
        record_attendance(
            session_id=session.pk,
            actor=organizer,
            marks={households["Åsa Öberg 000"]: "present", households["Åsa Öberg 001"]: "absent"},
        )
    record_attendance(
        session_id=second.pk, actor=organizer, marks={households["Åsa Öberg 002"]: "notified"}
    )
    return course


def test_csv_lists_confirmed_then_offered_then_waitlist_in_order(organizer_client, marked_course):
    rows = csv_rows(organizer_client.get(export_url(marked_course, "csv")))
    sessions = list(marked_course.sessions.order_by("starts_at"))

    header = rows[0]
    assert header[: len(HEADERS)] == HEADERS
    assert header[len(HEADERS) :] == [
        *(timezone_text(session.starts_at) for session in sessions),
        "No-shows",
        "Said they can't come",
    ]
    names = [row[2] for row in rows[1:]]
    assert names == [
        *(f"Åsa Öberg {n:03d}" for n in range(6)),
        "Erbjuden Ek",
        "Väntande 0",
        "Väntande 1",
    ]  # the cancelled household is not listed
    assert [(row[0], row[1]) for row in rows[7:]] == [
        ("Seat offered", ""),
        ("On the waitlist", "1"),
        ("On the waitlist", "2"),
    ]
    first = by_name(rows, "Åsa Öberg 000")
    assert first[0] == "Confirmed"
    assert first[3] == Booking.objects.get(name="Åsa Öberg 000").email
    assert first[4] == "070-000 0000"
    assert first[5] == "1"
    assert first[7] == "Arabic"
    assert first[8] == "No"
    assert first[10] == "Web"
    marks = first[len(HEADERS) : -2]
    assert marks == ["present", "present", *[""] * (len(sessions) - 2)]
    assert first[-2:] == ["0", "0"]
    missed = by_name(rows, "Åsa Öberg 001")
    assert missed[len(HEADERS) : len(HEADERS) + 2] == ["absent (no-show)"] * 2
    assert missed[-2:] == ["2", "0"]
    assert missed[8] == "Yes"  # childcare
    notified = by_name(rows, "Åsa Öberg 002")
    assert notified[9] == "Step-free access (wheelchair, walker)"
    assert notified[len(HEADERS) : len(HEADERS) + 2] == ["", "absent, said so in advance"]
    assert notified[-2:] == ["0", "1"]
    waiting = by_name(rows, "Väntande 0")
    assert waiting[len(HEADERS) :] == [""] * (len(sessions) + 2)


def timezone_text(value) -> str:
    return value.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def test_xlsx_reads_back_the_same_households_with_typed_cells(organizer_client, marked_course):
    csv_table = csv_rows(organizer_client.get(export_url(marked_course, "csv")))
    sheet = xlsx_sheet(organizer_client.get(export_url(marked_course, "xlsx")))
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]

    assert rows[0] == csv_table[0]
    assert [row[2] for row in rows] == [row[2] for row in csv_table]
    first = by_name(rows, "Åsa Öberg 000")
    assert first[5] == 1  # persons is a number
    assert first[-1] == 0
    booked = Booking.objects.get(name="Åsa Öberg 000").created_at
    local = booked.astimezone(STOCKHOLM).replace(tzinfo=None)
    assert isinstance(first[11], datetime) and first[11].tzinfo is None
    assert abs(first[11] - local) < timedelta(seconds=1)  # local wall-clock time, not UTC
    assert sheet.cell(row=2, column=12).number_format == "yyyy-mm-dd hh:mm"
    assert by_name(rows, "Väntande 1")[1] == 2
    assert sheet.freeze_panes == "A2"


@pytest.fixture
def spring_course(make_offering, organizer):
    """A course over the switch to summer time (29 March 2026) and back (25 October 2026)."""
    offering = make_offering(sessions=0, title="Vår")
    for day in (datetime(2026, 3, 26, 18, 0), datetime(2026, 4, 2, 18, 0)):
        starts = day.replace(tzinfo=STOCKHOLM)
        SessionFactory(offering=offering, starts_at=starts, ends_at=starts.replace(hour=20))
    offering.organizers.add(organizer)
    winter = BookingFactory(offering=offering, name="Vinter")
    summer = BookingFactory(offering=offering, name="Sommar")
    autumn = BookingFactory(offering=offering, name="Höst")
    # Stored in UTC: 00:30 UTC is 01:30 in winter time, 12:00 UTC is 14:00 in summer time,
    # and 12:00 UTC after the switch back is 13:00.
    utc = ZoneInfo("UTC")
    Booking.objects.filter(pk=winter.pk).update(created_at=datetime(2026, 3, 29, 0, 30, tzinfo=utc))
    Booking.objects.filter(pk=summer.pk).update(created_at=datetime(2026, 3, 29, 12, 0, tzinfo=utc))
    Booking.objects.filter(pk=autumn.pk).update(
        created_at=datetime(2026, 10, 25, 12, 0, tzinfo=utc)
    )
    return offering


def test_times_are_stockholm_local_time_on_both_sides_of_daylight_saving(
    organizer_client, spring_course
):
    rows = csv_rows(organizer_client.get(export_url(spring_course, "csv")))
    assert rows[0][len(HEADERS) :] == [
        "2026-03-26 18:00",
        "2026-04-02 18:00",
        "No-shows",
        "Said they can't come",
    ]
    assert by_name(rows, "Vinter")[11] == "2026-03-29 01:30"
    assert by_name(rows, "Sommar")[11] == "2026-03-29 14:00"
    assert by_name(rows, "Höst")[11] == "2026-10-25 13:00"

    sheet = xlsx_values(organizer_client.get(export_url(spring_course, "xlsx")))
    assert sheet[0][len(HEADERS) : len(HEADERS) + 2] == ["2026-03-26 18:00", "2026-04-02 18:00"]
    assert by_name(sheet, "Vinter")[11] == datetime(2026, 3, 29, 1, 30)  # naive local time
    assert by_name(sheet, "Sommar")[11] == datetime(2026, 3, 29, 14, 0)
    assert by_name(sheet, "Höst")[11] == datetime(2026, 10, 25, 13, 0)


HOSTILE = {
    '=HYPERLINK("http://x")': '\'=HYPERLINK("http://x")',
    "@SUM(1)": "'@SUM(1)",
    "  -2+3": "'  -2+3",
    "\tTab": "'\tTab",
}


@pytest.fixture
def hostile_course(course):
    for n, name in enumerate(HOSTILE):
        BookingFactory(offering=course, name=name, phone=f"+46 70 123 45 6{n}")
    return course


def test_csv_defuses_formulas_with_an_apostrophe(organizer_client, hostile_course):
    rows = csv_rows(organizer_client.get(export_url(hostile_course, "csv")))
    names = [row[2] for row in rows]
    for written in HOSTILE.values():
        assert written in names
    hostile = by_name(rows, "'@SUM(1)")
    assert hostile[4] == "'+46 70 123 45 61"  # still readable; the apostrophe marks it as text
    assert by_name(rows, "Åsa Öberg 000")[2] == "Åsa Öberg 000"  # ordinary text is untouched


def test_xlsx_writes_formulas_as_plain_text(organizer_client, hostile_course):
    response = organizer_client.get(export_url(hostile_course, "xlsx"))
    sheet = xlsx_sheet(response)
    cells = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    for name in HOSTILE:
        row = cells[name]
        assert row[2].data_type == "s"  # text, not "f" (formula)
        assert row[2].value == name  # as typed: the cell's type already makes it text
        assert row[2].quotePrefix  # and Excel keeps it text when someone edits the cell
        assert row[4].data_type == "s"
        assert row[4].value.startswith("+46 70 123 45 6")
    ordinary = cells["Åsa Öberg 000"][2]
    assert ordinary.data_type == "s" and not ordinary.quotePrefix
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    assert "HYPERLINK" in sheet_xml


@pytest.mark.parametrize(
    ("text", "risky"),
    [
        ("=1+1", True),
        ("+46 70", True),
        ("-1", True),
        ("@A1", True),
        ("\t=1", True),
        ("\rx", True),
        ("   =1", True),
        ("", False),
        ("Åsa", False),
        ("a=b", False),
        ("070-123", False),
    ],
)
def test_could_be_formula(text, risky):
    assert could_be_formula(text) is risky


def test_download_is_a_file_without_personal_data_in_its_name(organizer_client, course):
    for file_format, content_type in (
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        response = organizer_client.get(export_url(course, file_format))
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == (
            f'attachment; filename="participants-{course.pk}.{file_format}"'
        )
        assert "no-store" in response["Cache-Control"]


def test_swedish_admin_gets_swedish_headers(organizer_client, organizer, course):
    profile = UserProfile.get_for_user(organizer)
    profile.preferred_language = "sv"
    profile.save()
    rows = csv_rows(organizer_client.get(export_url(course, "csv")))
    with translation.override("sv"):  # "Plats i kön" once the catalogue is compiled
        assert rows[0][1] == translation.gettext("Place in line")
    assert by_name(rows, "Åsa Öberg 001")[8] == "Ja"  # in Django's own catalogue too


def test_unknown_format_is_not_found(organizer_client, course):
    assert organizer_client.get(export_url(course, "pdf")).status_code == 404
    assert organizer_client.get(export_url(course, "CSV")).status_code == 404


def test_outsider_gets_no_data(outsider_client, course):
    for file_format in ("csv", "xlsx"):
        response = outsider_client.get(export_url(course, file_format))
        assert response.status_code == 404  # as for an offering that does not exist
        assert "Öberg".encode() not in response.content
        assert "Content-Disposition" not in response


def test_anonymous_is_sent_to_login(client, course):
    response = client.get(export_url(course, "csv"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_query_count_does_not_grow_with_households(client, make_offering):
    small = make_course(make_offering, households=6, title="Liten")
    large = make_course(make_offering, households=30, title="Stor")
    user = make_organizer(small, large)
    read_in_english(user)
    client.force_login(user)
    for offering in (small, large):
        session = offering.sessions.order_by("starts_at").first()
        for booking in offering.bookings.filter(status=BookingStatus.CONFIRMED):
            Attendance.objects.create(
                booking=booking, session=session, mark="present" if booking.pk % 2 else "absent"
            )
        Booking.objects.filter(offering=offering).update(
            child_age_band=ChildAgeBand.AGE_6_9, source=BookingSource.STAFF
        )

    counts = {}
    for offering in (small, large):
        for file_format in ("csv", "xlsx"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(export_url(offering, file_format))
            assert response.status_code == 200
            counts[(offering.title, file_format)] = len(queries)
    assert counts[("Liten", "csv")] == counts[("Stor", "csv")]
    assert counts[("Liten", "xlsx")] == counts[("Stor", "xlsx")]
    rows = csv_rows(client.get(export_url(large, "csv")))
    assert len(rows) == 1 + 30 + 2
    assert rows[1][6] == "6–9 years" and rows[1][10] == "Staff"
