"""Demand not met on the yearly statistics: registrations of interest and households that
waited and were never offered a seat, per program and year; who sees which; the page and the
downloads; a constant number of queries."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bookings.models import (
    BookingStatus,
    InterestRegistration,
    InterestSource,
    InterestStatus,
)
from bookings.organize.unmet_demand import COUNTS, unmet_demand
from tests.bookings.organize.conftest import make_booking_administrator, make_organizer
from tests.conftest import staff_reads_in
from tests.factories import BookingFactory, ProgramPageFactory, UserFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
Y = timezone.localdate().year - 1


def local(year, month, day, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def registration(program, when, *, source=InterestSource.WEB, status=InterestStatus.WAITING):
    n = InterestRegistration.objects.count()
    return InterestRegistration.objects.create(
        program=program,
        email=f"intresse{n}@example.org",
        name=f"Intresserad {n}",
        registered_at=when,
        source=source,
        status=status,
    )


def waited(offering, when, *, status=BookingStatus.WAITLISTED, offered=None):
    return BookingFactory(
        offering=offering, status=status, waitlisted_at=when, seat_offered_at=offered
    )


def numbers(row) -> dict:
    return {name: getattr(row, name) for name in COUNTS}


def counted(registered=0, web=0, staff=0, waitlist=0, booked=0, never_offered=0) -> dict:
    return {
        "registered": registered,
        "from_web": web,
        "from_staff": staff,
        "from_waitlist": waitlist,
        "booked_later": booked,
        "never_offered": never_offered,
    }


# KOMET in year Y, counted by hand from `data`.
KOMET_Y = counted(registered=5, web=2, staff=2, waitlist=1, booked=2, never_offered=3)
KOMET_EARLIER = counted(registered=1, web=1)
NPF_Y = counted(never_offered=1)
SOLLENTUNA_Y = counted(registered=2, web=2, never_offered=1)


@pytest.fixture
def data(make_offering, sollentuna):
    """Gnesta's KOMET (two groups) and NPF, and Sollentuna's program.

    KOMET, year Y: registrations 1 Jan 00:30 (still 31 Dec in UTC, web, waiting), 3 Mar (web,
      booked since), 4 Apr (staff, withdrawn), 5 May (staff, booked since), 31 Dec 23:30
      (carried over from a waitlist); 1 Jan Y+1 00:30 belongs to Y+1. Year Y-2: one (web).
      Group 1: waitlisted 2 Feb, never offered (still waiting); 3 Mar, never offered
      (cancelled); 4 Apr, offered a seat 6 Apr (confirmed: not counted); a confirmed booking
      that never waited (not counted). Group 2: waitlisted 7 Jul, never offered (expired
      group of another organizer).
    NPF, year Y: one waitlisted 9 Sep, never offered. No registrations.
    Sollentuna, year Y: two registrations (web), one waitlisted booking never offered.
    """
    first = make_offering(sessions=0, title="Vår")
    komet = first.program
    komet.title = "KOMET 3–11"
    komet.save()
    second = make_offering(sessions=0, program=komet, title="Höst")
    npf_group = make_offering(sessions=0, title="NPF")
    npf = npf_group.program
    npf.title = "NPF-träffar"
    npf.save()
    other = make_offering(
        sessions=0, program=ProgramPageFactory(parent=sollentuna, title="COPE Sollentuna")
    )

    registration(komet, local(Y, 1, 1, 0, 30))
    registration(komet, local(Y, 3, 3), status=InterestStatus.BOOKED)
    registration(komet, local(Y, 4, 4), source=InterestSource.STAFF, status="withdrawn")
    registration(komet, local(Y, 5, 5), source=InterestSource.STAFF, status=InterestStatus.BOOKED)
    registration(komet, local(Y, 12, 31, 23, 30), source=InterestSource.WAITLIST)
    registration(komet, local(Y + 1, 1, 1, 0, 30))
    registration(komet, local(Y - 2, 6, 1))
    waited(first, local(Y, 2, 2))
    waited(first, local(Y, 3, 3), status=BookingStatus.CANCELLED)
    waited(first, local(Y, 4, 4), status=BookingStatus.CONFIRMED, offered=local(Y, 4, 6))
    BookingFactory(offering=first)
    waited(second, local(Y, 7, 7), status=BookingStatus.EXPIRED)
    waited(npf_group, local(Y, 9, 9), status=BookingStatus.CANCELLED)
    registration(other.program, local(Y, 2, 1))
    registration(other.program, local(Y, 2, 2))
    waited(other, local(Y, 3, 1))
    return {"first": first, "second": second, "komet": komet, "npf": npf_group, "other": other}


def superuser():
    return UserFactory(username="chef", is_superuser=True, is_staff=True)


def test_counts_per_program_and_year(data):
    demand = unmet_demand(user=superuser(), year=Y)

    assert [(row.program, row.year) for row in demand.rows] == [
        ("COPE Sollentuna", Y),
        ("KOMET 3–11", Y),
        ("NPF-träffar", Y),
    ]
    assert [numbers(row) for row in demand.rows] == [SOLLENTUNA_Y, KOMET_Y, NPF_Y]
    assert numbers(demand.totals) == counted(
        registered=7, web=4, staff=2, waitlist=1, booked=2, never_offered=5
    )
    assert demand.years == [Y + 1, Y, Y - 1, Y - 2]


def test_all_years_keep_each_year_apart(data):
    demand = unmet_demand(user=superuser(), year=None)

    komet = [(row.year, numbers(row)) for row in demand.rows if row.program == "KOMET 3–11"]
    assert komet == [
        (Y + 1, counted(registered=1, web=1)),
        (Y, KOMET_Y),
        (Y - 2, KOMET_EARLIER),
    ]
    assert demand.totals.year is None
    assert demand.totals.registered == 9
    assert demand.totals.never_offered == 5


def test_a_year_with_nothing_is_empty(data):
    demand = unmet_demand(user=superuser(), year=Y - 1)
    assert demand.rows == []
    assert numbers(demand.totals) == counted()


def test_a_municipalitys_administrator_sees_only_its_programs(data):
    gnesta = make_booking_administrator()
    demand = unmet_demand(user=gnesta, year=Y)
    assert [(row.program, numbers(row)) for row in demand.rows] == [
        ("KOMET 3–11", KOMET_Y),
        ("NPF-träffar", NPF_Y),
    ]


def test_an_organizer_sees_their_programs_list_and_their_groups_waitlists(data):
    """The interest list is the program's (its organizers see it); the waitlists are the
    groups', so another group's household waiting is not theirs to count."""
    organizer = make_organizer(data["first"])
    demand = unmet_demand(user=organizer, year=Y)
    assert [(row.program, numbers(row)) for row in demand.rows] == [
        ("KOMET 3–11", {**KOMET_Y, "never_offered": 2}),
    ]


def test_staff_of_no_offering_and_strangers_see_nothing(data):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), UserFactory(username="redaktör", is_staff=True)):
        demand = unmet_demand(user=user, year=None)
        assert demand.rows == []
        assert demand.years == []


def test_counts_read_no_personal_field(data):
    """Blanking everything that names a household changes no number."""
    before = unmet_demand(user=superuser(), year=None)
    InterestRegistration.objects.update(name="", email="", phone="", user=None)
    after = unmet_demand(user=superuser(), year=None)
    assert [numbers(row) for row in after.rows] == [numbers(row) for row in before.rows]


def test_query_count_is_constant(data):
    user = superuser()
    with CaptureQueriesContext(connection) as few:
        unmet_demand(user=user, year=None)
    for n in range(20):
        registration(data["komet"], local(Y, 6, 1) + timedelta(hours=n))
        waited(data["second"], local(Y, 6, 1) + timedelta(hours=n))
        registration(ProgramPageFactory(parent=data["komet"].get_parent()), local(Y, 6, 2))
    with CaptureQueriesContext(connection) as many:
        demand = unmet_demand(user=user, year=None)
    # the years of each kind, then each kind counted per program and year
    assert len(few) == len(many) == 4
    assert demand.totals.registered == 9 + 40


# The page and its downloads


@pytest.fixture
def boss_client(client):
    client.force_login(staff_reads_in(superuser(), "en"))
    return client


def demand_table_of(response) -> tuple[str, list[str], list[list[str]]]:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    table = soup.find("table", class_="unmet-demand-table")
    caption = " ".join(table.caption.get_text(" ").split())
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th", scope="col")]
    rows = [
        [" ".join(cell.get_text(" ").split()) for cell in tr.find_all(["th", "td"])]
        for tr in table.find_all("tr")[1:]
    ]
    return caption, headers, rows


HEADERS = [
    "Program",
    "Municipality",
    "Year",
    "Registrations of interest",
    "Registered on the website",
    "Added by staff",
    "Carried over from a waitlist",
    "Have booked a group since",
    "Waitlisted, never offered a seat",
]


def test_the_page_shows_the_table_with_each_rows_municipality(boss_client, data):
    response = boss_client.get(reverse("organize:statistics"), {"year": Y})
    assert response.status_code == 200
    caption, headers, rows = demand_table_of(response)
    assert caption == (f"Households that asked for a place and did not get one, per program, {Y}")
    assert headers == HEADERS
    assert rows == [
        ["COPE Sollentuna", "Sollentuna", str(Y), "2", "2", "0", "0", "0", "1"],
        ["KOMET 3–11", "Gnesta", str(Y), "5", "2", "2", "1", "2", "3"],
        ["NPF-träffar", "Gnesta", str(Y), "0", "0", "0", "0", "0", "1"],
        ["All programs", "", str(Y), "7", "4", "2", "1", "2", "5"],
    ]
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    links = {a["href"] for a in soup.find_all("a", href=True)}
    for file_format in ("csv", "xlsx"):
        url = reverse("organize:statistics_demand_export", args=[file_format])
        assert f"{url}?year={Y}" in links
    # A year with registrations only is offered in the year filter.
    options = [o["value"] for o in soup.find("select", attrs={"name": "year"}).find_all("option")]
    assert str(Y - 2) in options


def test_an_administrator_sees_no_other_municipality_on_the_page(client, data):
    gnesta = staff_reads_in(make_booking_administrator(), "en")
    client.force_login(gnesta)
    response = client.get(reverse("organize:statistics"), {"year": Y})
    _caption, headers, rows = demand_table_of(response)
    assert "Municipality" not in headers
    assert [row[0] for row in rows] == ["KOMET 3–11", "NPF-träffar", "All programs"]
    assert "COPE Sollentuna" not in response.content.decode()


def test_an_empty_year_says_so(boss_client, data):
    response = boss_client.get(reverse("organize:statistics"), {"year": Y - 1})
    _caption, _headers, rows = demand_table_of(response)
    assert rows == [["No registrations of interest and no households left waiting in this period."]]


def test_the_statistics_xlsx_holds_the_table_as_a_second_sheet(boss_client, data):
    response = boss_client.get(
        reverse("organize:statistics_export", args=["xlsx"]), {"year": "all"}
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Statistics", "Demand not met"]
    values = [list(row) for row in workbook["Demand not met"].iter_rows(values_only=True)]
    assert values[0] == HEADERS
    assert ["KOMET 3–11", "Gnesta", Y, 5, 2, 2, 1, 2, 3] in values
    assert values[-1] == ["All programs", None, "All years", 9, 6, 2, 1, 2, 5]
    # The first sheet is still the statistics table alone.
    first = [list(row) for row in workbook["Statistics"].iter_rows(values_only=True)]
    assert "Registrations of interest" not in first[0]


def test_the_table_has_csv_and_xlsx_downloads_of_its_own(client, data):
    gnesta = staff_reads_in(make_booking_administrator(), "en")
    client.force_login(gnesta)
    response = client.get(reverse("organize:statistics_demand_export", args=["csv"]), {"year": Y})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="demand-not-met-{Y}.csv"'
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows == [
        [header for header in HEADERS if header != "Municipality"],
        ["KOMET 3–11", str(Y), "5", "2", "2", "1", "2", "3"],
        ["NPF-träffar", str(Y), "0", "0", "0", "0", "0", "1"],
        ["All programs", str(Y), "5", "2", "2", "1", "2", "4"],
    ]

    response = client.get(reverse("organize:statistics_demand_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Demand not met"
    assert next(sheet.iter_rows(values_only=True))[0] == "Program"

    bad = reverse("organize:statistics_demand_export", args=["ods"])
    assert client.get(bad).status_code == 404


def test_staff_without_offerings_get_no_download(client, data):
    editor = UserFactory(username="redaktör", is_staff=True)
    from parentsite.demo.accounts import ensure_editors_group

    editor.groups.add(ensure_editors_group())
    client.force_login(editor)
    response = client.get(reverse("organize:statistics_demand_export", args=["csv"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_all_years_on_the_page_leads_to_each_year_and_to_the_downloads(boss_client, data):
    response = boss_client.get(reverse("organize:statistics"), {"year": "all"})
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "demand-heading"})
    assert section.find("table") is None
    links = {a["href"] for a in section.find_all("a", href=True)}
    assert f"?year={Y}#demand-heading" in links
    assert reverse("organize:statistics_demand_export", args=["csv"]) + "?year=all" in links
    with CaptureQueriesContext(connection) as few:
        boss_client.get(reverse("organize:statistics"), {"year": "all"})
    for n in range(15):
        registration(data["komet"], local(Y - 3, 8, 1) + timedelta(hours=n))
    with CaptureQueriesContext(connection) as many:
        response = boss_client.get(reverse("organize:statistics"), {"year": "all"})
    assert len(few) == len(many)
    assert f'?year={Y - 3}#demand-heading' in response.content.decode()


def test_the_page_costs_the_same_with_more_rows(boss_client, data):
    url = reverse("organize:statistics")
    with CaptureQueriesContext(connection) as few:
        before = boss_client.get(url, {"year": Y})
    for n in range(15):
        registration(data["komet"], local(Y, 8, 1) + timedelta(hours=n))
        waited(data["first"], local(Y, 8, 1) + timedelta(hours=n))
    with CaptureQueriesContext(connection) as many:
        response = boss_client.get(url, {"year": Y})
    assert len(few) == len(many)
    _caption, _headers, rows = demand_table_of(response)
    assert rows[-1][3] == str(int(demand_table_of(before)[2][-1][3]) + 15)
