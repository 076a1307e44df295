"""Yearly statistics: hand-counted numbers, who sees what, exports, and anonymization."""

import csv
import io
from dataclasses import asdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from bookings.models import Attendance, AttendanceMark, Booking, BookingStatus
from bookings.organize.statistics import yearly_statistics
from bookings.organize.statistics_views import statistics_menu_item
from tests.bookings.organize.conftest import make_organizer
from tests.factories import BookingFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Last year: every session of the data set is over, except the one future session.
Y = timezone.localdate().year - 1
PERSONAL_FIELDS = (
    "name",
    "email",
    "phone",
    "user_id",
    "child_age_band",
    "interpreter_language",
    "needs_childcare",
    "access_needs",
)


def local(year, month, day, hour=18, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def session(offering, starts, *, cancelled=False):
    return SessionFactory(
        offering=offering,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        is_cancelled=cancelled,
    )


def booking(offering, status=BookingStatus.CONFIRMED, *, persons=1, waitlisted=False):
    return BookingFactory(
        offering=offering,
        status=status,
        persons=persons,
        waitlisted_at=timezone.now() - timedelta(days=400) if waitlisted else None,
        child_age_band="3-5",
        interpreter_language="ar",
        needs_childcare=True,
        access_needs=["step_free"],
    )


def mark(booking_, session_, present):
    """True: present, False: absent (a no-show), or an `AttendanceMark` as it is."""
    value = {True: AttendanceMark.PRESENT, False: AttendanceMark.ABSENT}.get(present, present)
    Attendance.objects.create(booking=booking_, session=session_, mark=value)


@pytest.fixture
def data(make_offering):
    """Two programs, five offerings; the expected numbers are counted by hand in the tests.

    KOMET, year Y:
      o1: sessions 5 Mar (held), 12 Mar (held), 19 Mar (cancelled).
          b1 confirmed 2 persons: present, present (and present at the cancelled session)
          b2 confirmed 1: absent, then said in advance it could not come
          b3 cancelled 2, came to the first session: present           -> reached
          b4 cancelled 1, marked only at the cancelled session          -> not reached
          b5 waitlisted 1; b6 confirmed 2 after the waitlist: present, absent; b7 expired
          after the waitlist                                            -> demand 3
      o2: 1 Apr (held), one session in the future.
          c1 confirmed 1: present (and a notice of absence for the future session, not counted
          yet); c2 confirmed 1: absent (and absent at the future session)
    NPF, year Y-1: o3: 20 Nov Y-1 and 15 Jan Y, d1 confirmed 2: present, present.
    NPF, year Y: o4: 20 Dec Y-1 cancelled, first live session 1 Jan Y 00:30 Stockholm time
          (still 31 Dec in UTC), no bookings.
    Left out: o5 (every session cancelled), o6 (no sessions), each with a confirmed booking.
    """
    first = make_offering(sessions=0, title="Vår")
    komet = first.program
    komet.title = "KOMET 3–11"
    komet.save()
    second = make_offering(sessions=0, program=komet, title="Vår 2")
    third = make_offering(sessions=0, title="NPF höst")
    npf = third.program
    npf.title = "NPF-träffar"
    npf.save()
    fourth = make_offering(sessions=0, program=npf, title="NPF nyår")
    fifth = make_offering(sessions=0, program=npf, title="Inställd")
    sixth = make_offering(sessions=0, program=npf, title="Utan datum")

    s1, s2 = session(first, local(Y, 3, 5)), session(first, local(Y, 3, 12))
    s3 = session(first, local(Y, 3, 19), cancelled=True)
    b1 = booking(first, persons=2)
    b2 = booking(first)
    b3 = booking(first, BookingStatus.CANCELLED, persons=2)
    b4 = booking(first, BookingStatus.CANCELLED)
    booking(first, BookingStatus.WAITLISTED, waitlisted=True)
    b6 = booking(first, persons=2, waitlisted=True)
    booking(first, BookingStatus.EXPIRED, waitlisted=True)
    for b, marks in (
        (b1, (True, True)),
        (b2, (False, AttendanceMark.NOTIFIED)),
        (b3, (True, None)),
        (b6, (True, False)),
    ):
        for s, present in zip((s1, s2), marks, strict=True):
            if present is not None:
                mark(b, s, present)
    mark(b1, s3, True)
    mark(b4, s3, True)

    t1 = session(second, local(Y, 4, 1))
    t2 = session(second, timezone.now() + timedelta(days=30))
    c1, c2 = booking(second), booking(second)
    mark(c1, t1, True)
    mark(c1, t2, AttendanceMark.NOTIFIED)
    mark(c2, t1, False)
    mark(c2, t2, False)

    d_sessions = session(third, local(Y - 1, 11, 20)), session(third, local(Y, 1, 15))
    d1 = booking(third, persons=2)
    for s in d_sessions:
        mark(d1, s, True)

    session(fourth, local(Y - 1, 12, 20), cancelled=True)
    session(fourth, local(Y, 1, 1, 0, 30))

    session(fifth, local(Y, 5, 1), cancelled=True)
    booking(fifth)
    booking(sixth)
    return {"o1": first, "o2": second, "o3": third, "o4": fourth}


def numbers(row) -> dict:
    values = asdict(row)
    del values["program_path"]  # where the program is, not a number
    values["attendance_percent"] = row.attendance_percent
    return values


KOMET_Y = {
    "program": "KOMET 3–11",
    "year": Y,
    "offerings": 2,
    "sessions_held": 3,
    "households_reached": 6,  # b1, b2, b3, b6, c1, c2
    "persons_reached": 9,
    "present": 5,
    "no_shows": 3,
    "notified_absences": 1,
    "attendance_percent": 56,  # 5 of 9
    "waitlist_demand": 3,
}
NPF_Y = {
    "program": "NPF-träffar",
    "year": Y,
    "offerings": 1,
    "sessions_held": 1,
    "households_reached": 0,
    "persons_reached": 0,
    "present": 0,
    "no_shows": 0,
    "notified_absences": 0,
    "attendance_percent": None,
    "waitlist_demand": 0,
}
NPF_EARLIER = {
    "program": "NPF-träffar",
    "year": Y - 1,
    "offerings": 1,
    "sessions_held": 2,
    "households_reached": 1,
    "persons_reached": 2,
    "present": 2,
    "no_shows": 0,
    "notified_absences": 0,
    "attendance_percent": 100,
    "waitlist_demand": 0,
}


def boss():
    return UserFactory(username="chef", is_superuser=True, is_staff=True)


def test_numbers_per_program_and_year(data):
    stats = yearly_statistics(user=boss(), year=Y)
    assert stats.years == [Y, Y - 1]
    assert [numbers(row) for row in stats.rows] == [KOMET_Y, NPF_Y]
    totals = numbers(stats.totals)
    assert (totals["offerings"], totals["sessions_held"], totals["households_reached"]) == (3, 4, 6)
    assert (totals["persons_reached"], totals["attendance_percent"]) == (9, 56)

    earlier = yearly_statistics(user=boss(), year=Y - 1)
    assert [numbers(row) for row in earlier.rows] == [NPF_EARLIER]


def test_all_years(data):
    stats = yearly_statistics(user=boss(), year=None)
    assert [numbers(row) for row in stats.rows] == [KOMET_Y, NPF_Y, NPF_EARLIER]
    totals = stats.totals
    assert (totals.offerings, totals.sessions_held, totals.households_reached) == (4, 6, 7)
    assert (totals.persons_reached, totals.present, totals.no_shows) == (11, 7, 3)
    assert totals.notified_absences == 1
    assert totals.attendance_percent == 64  # 7 of 11
    assert totals.waitlist_demand == 3


def test_a_year_without_offerings_is_empty(data):
    stats = yearly_statistics(user=boss(), year=Y + 5)
    assert stats.rows == []
    assert stats.totals.offerings == 0 and stats.totals.attendance_rate is None


def test_organizer_sees_only_their_offerings(data):
    organizer = make_organizer(data["o1"])
    stats = yearly_statistics(user=organizer, year=None)
    assert stats.years == [Y]
    assert [numbers(row) for row in stats.rows] == [
        {
            **KOMET_Y,
            "offerings": 1,
            "sessions_held": 2,
            "households_reached": 4,
            "persons_reached": 7,
            "present": 4,
            "no_shows": 2,
            "notified_absences": 1,
            "attendance_percent": 57,  # 4 of 7
        }
    ]
    assert yearly_statistics(user=UserFactory(username="redaktör"), year=None).rows == []
    assert yearly_statistics(user=AnonymousUser(), year=None).rows == []


def test_counts_survive_anonymization_and_read_no_personal_field(data):
    user = boss()
    before = yearly_statistics(user=user, year=None)
    with CaptureQueriesContext(connection) as queries:
        yearly_statistics(user=user, year=None)
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    for name in PERSONAL_FIELDS:
        assert f'"bookings_booking"."{name}"' not in sql

    # Mirrors the anonymization rules: bookings of offerings whose sessions are all over lose
    # their personal fields; the rows, status, persons, waitlist time and attendance stay.
    ended = Booking.objects.exclude(offering__sessions__ends_at__gt=timezone.now())
    blanked = ended.update(
        name="",
        email="",
        phone="",
        user=None,
        child_age_band="",
        interpreter_language="",
        needs_childcare=False,
        access_needs=[],
    )
    assert blanked == 10  # every booking except those of o2, which has a session to come
    assert not Booking.objects.filter(offering=data["o1"]).exclude(name="").exists()

    after = yearly_statistics(user=user, year=None)
    assert after == before
    assert [numbers(row) for row in after.rows] == [KOMET_Y, NPF_Y, NPF_EARLIER]


def test_query_count_does_not_grow_with_bookings(data):
    user = boss()
    with CaptureQueriesContext(connection) as few:
        yearly_statistics(user=user, year=None)
    s1 = data["o1"].sessions.order_by("starts_at").first()
    for _ in range(25):
        mark(booking(data["o1"]), s1, True)
    with CaptureQueriesContext(connection) as many:
        stats = yearly_statistics(user=user, year=None)
    # years, stored years, then offerings, bookings, came without a seat and marks counted live
    assert len(few) == len(many) == 6
    assert stats.rows[0].households_reached == KOMET_Y["households_reached"] + 25


# The admin page and its downloads


def read_in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


@pytest.fixture
def boss_in_english(client):
    user = boss()
    read_in_english(user)
    client.force_login(user)
    return client


def table_of(response) -> tuple[str, list[str], list[list[str]]]:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    table = soup.find("table", class_="statistics-table")
    caption = " ".join(table.caption.get_text(" ").split())
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th", scope="col")]
    rows = [
        [" ".join(cell.get_text(" ").split()) for cell in tr.find_all(["th", "td"])]
        for tr in table.find_all("tr")[1:]
    ]
    return caption, headers, rows


HEADERS = [
    "Program",
    "Year",
    "Offerings",
    "Sessions held",
    "Households reached",
    "Persons reached",
    "Attendance rate (%)",
    "No-shows",
    "Notified absences",
    "Waitlist demand (households)",
]


def test_page_shows_the_year_as_an_accessible_table(boss_in_english, data):
    response = boss_in_english.get(reverse("organize:statistics"), {"year": Y})
    assert response.status_code == 200
    caption, headers, rows = table_of(response)
    assert caption == f"Yearly statistics per program, {Y}"
    assert headers == HEADERS
    assert rows == [
        ["KOMET 3–11", str(Y), "2", "3", "6", "9", "56", "3", "1", "3"],
        ["NPF-träffar", str(Y), "1", "1", "0", "0", "– nothing marked", "0", "0", "0"],
        ["All programs", str(Y), "3", "4", "6", "9", "56", "3", "1", "3"],
    ]
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.find("th", scope="row", string="KOMET 3–11")
    select = soup.find("select", attrs={"name": "year"})
    label = soup.find("label", attrs={"for": select["id"]})
    assert label.get_text(strip=True) == "Year"
    options = [(o["value"], o.has_attr("selected")) for o in select.find_all("option")]
    this_year = timezone.localdate().year
    assert options == [(str(this_year), False), (str(Y), True), (str(Y - 1), False), ("all", False)]
    links = {a["href"] for a in soup.find_all("a", href=True)}
    assert f"{reverse('organize:statistics_export', args=['csv'])}?year={Y}" in links
    assert f"{reverse('organize:statistics_export', args=['xlsx'])}?year={Y}" in links


def test_page_defaults_to_this_year_and_offers_all_years(boss_in_english, data):
    response = boss_in_english.get(reverse("organize:statistics"))
    caption, _headers, rows = table_of(response)
    assert caption == f"Yearly statistics per program, {timezone.localdate().year}"
    assert rows == [["No offerings with sessions in this period."]]

    response = boss_in_english.get(reverse("organize:statistics"), {"year": "all"})
    caption, _headers, rows = table_of(response)
    assert caption == "Yearly statistics per program, all years"
    assert [row[:2] for row in rows] == [
        ["KOMET 3–11", str(Y)],
        ["NPF-träffar", str(Y)],
        ["NPF-träffar", str(Y - 1)],
        ["All programs", "All years"],
    ]
    assert rows[-1][2:] == ["4", "6", "7", "11", "64", "3", "1", "3"]


@pytest.mark.parametrize("year", ["1'; drop", "²⁰²⁵", "1999", "99999", ""])
def test_nonsense_year_falls_back_to_this_year(boss_in_english, data, year):
    response = boss_in_english.get(reverse("organize:statistics"), {"year": year})
    assert response.status_code == 200
    caption, _headers, _rows = table_of(response)
    assert caption.endswith(str(timezone.localdate().year))


def test_csv_and_xlsx_hold_the_same_table(boss_in_english, data):
    url = reverse("organize:statistics_export", args=["csv"])
    response = boss_in_english.get(url, {"year": Y})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="statistics-{Y}.csv"'
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows == [
        HEADERS,
        ["KOMET 3–11", str(Y), "2", "3", "6", "9", "56", "3", "1", "3"],
        ["NPF-träffar", str(Y), "1", "1", "0", "0", "", "0", "0", "0"],
        ["All programs", str(Y), "3", "4", "6", "9", "56", "3", "1", "3"],
    ]

    response = boss_in_english.get(
        reverse("organize:statistics_export", args=["xlsx"]), {"year": "all"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="statistics-all-years.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADERS
    assert values[1] == ["KOMET 3–11", Y, 2, 3, 6, 9, 56, 3, 1, 3]
    assert values[2][6] is None
    assert values[-1] == ["All programs", "All years", 4, 6, 7, 11, 64, 3, 1, 3]

    bad = reverse("organize:statistics_export", args=["ods"])
    assert boss_in_english.get(bad).status_code == 404


def test_organizer_page_and_export_show_only_their_offerings(client, data):
    organizer = make_organizer(data["o2"])
    read_in_english(organizer)
    client.force_login(organizer)
    _caption, _headers, rows = table_of(client.get(reverse("organize:statistics"), {"year": Y}))
    assert rows[0] == ["KOMET 3–11", str(Y), "1", "1", "2", "2", "50", "1", "0", "0"]
    assert len(rows) == 2  # and the totals
    response = client.get(reverse("organize:statistics_export", args=["csv"]), {"year": "all"})
    assert "NPF" not in response.content.decode()


def test_staff_without_offerings_get_neither_page_nor_menu_item(client, data):
    editor = UserFactory(username="redaktör", is_staff=True)
    from parentsite.demo.accounts import ensure_editors_group

    editor.groups.add(ensure_editors_group())
    client.force_login(editor)
    for url in (
        reverse("organize:statistics"),
        reverse("organize:statistics_export", args=["csv"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")

    item = statistics_menu_item()
    request = RequestFactory().get("/admin/")
    request.user = editor
    assert not item.is_shown(request)
    request.user = make_organizer(data["o1"])
    assert item.is_shown(request)
    assert str(item.url) == reverse("organize:statistics")
    assert item.icon_name == "table"


def test_page_query_count_does_not_grow_with_bookings(boss_in_english, data):
    url = reverse("organize:statistics")
    with CaptureQueriesContext(connection) as few:
        boss_in_english.get(url, {"year": "all"})
    s1 = data["o1"].sessions.order_by("starts_at").first()
    for _ in range(25):
        mark(booking(data["o1"]), s1, False)
    with CaptureQueriesContext(connection) as many:
        boss_in_english.get(url, {"year": "all"})
    assert len(few) == len(many)
