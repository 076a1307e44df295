"""The organizers' interest list of a program: counts by preference, the list in line order
with contact details only for households staff must call, adding a household met by phone,
taking one off on its behalf, the download; only for the program's own municipality."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import InterestRegistration, InterestSource, InterestStatus
from bookings.services import register_interest, withdraw_interest
from tests.bookings.organize.conftest import make_booking_administrator, make_organizer
from tests.conftest import staff_reads_in
from tests.factories import ProgramPageFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
PHONED = {"name": "Per Telefonsson", "phone": "070-111 22 33"}
SECRETS = ["Sara Webb", "sara@example.org", "070-999 88 77", "Omar Webb", "omar@example.org"]


def url(name: str, program, *args) -> str:
    return reverse(f"interest_list:{name}", args=[program.pk, *args])


def register(program, *, days_ago: int, **fields) -> InterestRegistration:
    fields.setdefault("email", "")
    fields.setdefault("name", "X")
    return register_interest(program_id=program.pk, now=NOW - timedelta(days=days_ago), **fields)


@pytest.fixture
def organizer_client(client, organizer):
    """The course's organizer, reading the admin in English (the tests' words)."""
    client.force_login(staff_reads_in(organizer, "en"))
    return client


@pytest.fixture
def waiting(course):
    """Course's program: two households by e-mail, one met by phone, one withdrawn; and one
    on another program's list."""
    program = course.program
    sara = register(
        program,
        days_ago=30,
        email="sara@example.org",
        name="Sara Webb",
        phone="070-999 88 77",
        persons=2,
        child_age_band="6-9",
        preferred_language="ar",
        preferred_weekdays=[2, 4],
        preferred_time_of_day="evening",
    )
    phoned = register(
        program, days_ago=20, persons=1, child_age_band="6-9", source=InterestSource.STAFF,
        preferred_weekdays=[4], **PHONED,
    )  # fmt: skip
    omar = register(program, days_ago=10, email="omar@example.org", name="Omar Webb", persons=2)
    gone = register(program, days_ago=5, email="gone@example.org", name="Gone")
    withdraw_interest(registration_id=gone.pk)
    register(ProgramPageFactory(parent=program.get_parent()), days_ago=1, email="x@example.org")
    return sara, phoned, omar


def test_counts_by_preference(organizer_client, course, waiting):
    page = organizer_client.get(url("program", course.program))
    text = page.content.decode()

    assert page.status_code == 200
    summary = page.context["summary"]
    assert (summary.households, summary.persons) == (3, 5)
    row = '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>'
    assert row.format("6–9 years", 2, 3) in text
    assert row.format("Not given", 1, 2) in text  # Omar gave no age
    assert row.format("Arabic", 1, 2) in text
    assert row.format("Any language", 2, 3) in text
    assert row.format("Thursday", 2, 3) in text
    assert row.format("Tuesday", 1, 2) in text
    assert row.format("Any day", 1, 2) in text
    assert row.format("Evening (from 17)", 1, 2) in text
    assert row.format("Any time", 2, 3) in text
    assert "Gone" not in text


def test_the_list_is_in_line_order_with_contact_details_only_for_those_staff_call(
    organizer_client, course, waiting
):
    sara, phoned, omar = waiting
    page = organizer_client.get(url("program", course.program))
    text = page.content.decode()

    assert [row.pk for row in page.context["households"]] == [sara.pk, phoned.pk, omar.pk]
    assert [row.place for row in page.context["households"]] == [1, 2, 3]
    assert PHONED["name"] in text and 'href="tel:070-1112233"' in text
    assert [secret for secret in SECRETS if secret in text] == []
    assert text.count("Invited by e-mail") == 2
    assert "Staff (met by phone or in person)" in text  # the source
    assert url("withdraw", course.program, phoned.pk) in text
    assert url("withdraw", course.program, sara.pk) not in text
    assert "no-store" in page["Cache-Control"]


def test_a_parent_who_phones_is_found_by_address_and_taken_off(organizer_client, course, waiting):
    sara, _phoned, _omar = waiting
    found = organizer_client.post(
        url("program", course.program), {"find_email": "SARA@example.org"}
    )
    text = found.content.decode()
    assert "Sara Webb" in text and "sara@example.org" in text
    assert "Omar Webb" not in text
    assert [(row.pk, row.place) for row in found.context["found"]] == [(sara.pk, 1)]

    confirm = organizer_client.get(url("withdraw", course.program, sara.pk))
    assert "Sara Webb" in confirm.content.decode()
    assert "no-store" in confirm["Cache-Control"]
    done = organizer_client.post(url("withdraw", course.program, sara.pk), follow=True)

    sara.refresh_from_db()
    assert sara.status == InterestStatus.WITHDRAWN
    assert "The household is no longer on the list." in done.content.decode()
    assert done.context["summary"].households == 2
    # Taken off once: a second try finds nothing waiting.
    assert organizer_client.post(url("withdraw", course.program, sara.pk)).status_code == 404


def test_add_a_household_met_by_phone(organizer_client, course, waiting):
    form = organizer_client.get(url("add", course.program))
    assert form.status_code == 200 and "no-store" in form["Cache-Control"]

    done = organizer_client.post(
        url("add", course.program),
        {
            "name": "Fatima Telefon",
            "phone": "070-555 44 33",
            "email": "",
            "persons": "2",
            "child_age_band": "3-5",
            "preferred_weekdays": ["1", "3"],
            "preferred_time_of_day": "morning",
            "preferred_language": "so",
            "language": "sv",
        },
        follow=True,
    )

    added = InterestRegistration.objects.get(name="Fatima Telefon")
    assert (added.program_id, added.source, added.user_id, added.email, added.language) == (
        course.program_id,
        InterestSource.STAFF,
        None,
        "",
        "sv",
    )
    assert (added.persons, added.child_age_band, added.preferred_weekdays) == (2, "3-5", [1, 3])
    assert (added.preferred_time_of_day, added.preferred_language) == ("morning", "so")
    assert "number 4 in line" in done.content.decode()
    assert [row.pk for row in done.context["households"]][-1] == added.pk
    assert "Fatima Telefon" in done.content.decode()


def test_a_household_without_a_phone_number_is_not_added(organizer_client, course, waiting):
    page = organizer_client.post(
        url("add", course.program), {"name": "Ingen", "persons": "1", "language": "sv"}
    )

    assert page.status_code == 400
    assert not InterestRegistration.objects.filter(name="Ingen").exists()


def test_an_address_already_waiting_is_not_added_twice(organizer_client, course, waiting):
    page = organizer_client.post(
        url("add", course.program),
        {"name": "Sara", "phone": "070-123 45 67", "email": "sara@example.org", "persons": "1",
         "language": "sv"},
    )  # fmt: skip

    assert page.status_code == 400
    assert "already on the interest list" in page.content.decode()
    assert InterestRegistration.objects.filter(email="sara@example.org").count() == 1


def test_export_follows_the_same_contact_rule(organizer_client, course, waiting):
    response = organizer_client.get(url("export", course.program, "xlsx"))
    assert "no-store" in response["Cache-Control"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]

    assert rows[0][:4] == ["Place in line", "Registered", "Source", "Persons"]
    assert rows[0][-3:] == ["How to reach", "Name", "Phone"]
    assert [row[0] for row in rows[1:]] == [1, 2, 3]
    assert rows[1][1].date() == timezone.localdate(waiting[0].registered_at)  # a date cell
    assert rows[1][4:8] == ["6–9 years", "Arabic", "Tuesday, Thursday", "Evening (from 17)"]
    assert rows[2][-3:] == ["Staff call them", PHONED["name"], PHONED["phone"]]
    assert rows[1][-3:] == ["Invited by e-mail", None, None]
    cells = " ".join(str(value) for row in rows for value in row)
    assert [secret for secret in SECRETS if secret in cells] == []

    text = organizer_client.get(url("export", course.program, "csv")).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(lines) == 4 and lines[2][-2:] == [PHONED["name"], PHONED["phone"]]
    assert [secret for secret in SECRETS if secret in text] == []


@pytest.fixture
def sollentuna_admin_client(client, sollentuna):
    from wagtail.models import Site

    site = Site.objects.get(hostname="sollentuna.localhost")
    client.force_login(make_booking_administrator(site, username="sollentuna-admin"))
    return client


def test_staff_of_another_municipality_find_nothing(sollentuna_admin_client, course, waiting):
    program = course.program
    phoned = waiting[1]
    for address in (
        url("program", program),
        url("add", program),
        url("withdraw", program, phoned.pk),
        url("export", program, "xlsx"),
        url("export", program, "csv"),
    ):
        assert sollentuna_admin_client.get(address).status_code == 404, address
    posts = {
        url("add", program): {"name": "Intrång", "phone": "070-123 45 67", "persons": "1",
                              "language": "sv"},
        url("withdraw", program, phoned.pk): {},
        url("program", program): {"find_email": "sara@example.org"},
    }  # fmt: skip
    for address, data in posts.items():
        assert sollentuna_admin_client.post(address, data).status_code == 404, address
    assert InterestRegistration.objects.filter(program=program).count() == 4
    phoned.refresh_from_db()
    assert phoned.status == InterestStatus.WAITING
    index = sollentuna_admin_client.get(reverse("interest_list:index")).content.decode()
    assert program.title not in index


def test_the_program_is_seen_by_its_organizer_and_its_municipality_only(
    client, course, other_course, waiting
):
    """The control for the test above: the same pages open for those who may see them."""
    program = course.program
    other_organizer = make_organizer(other_course, username="annan")
    client.force_login(other_organizer)
    assert client.get(url("program", program)).status_code == 404
    assert program.title not in client.get(reverse("interest_list:index")).content.decode()

    for user in (make_organizer(course, username="kim2"), make_booking_administrator()):
        client.force_login(user)
        page = client.get(url("program", program))
        assert page.status_code == 200
        assert PHONED["name"] in page.content.decode()
        index = client.get(reverse("interest_list:index")).content.decode()
        assert program.title in index and url("program", program) in index


def test_the_menu_and_the_offerings_list_lead_to_it(organizer_client, course):
    offerings = organizer_client.get(reverse("bookings_offerings:index")).content.decode()
    assert url("program", course.program) in offerings
    menu = organizer_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("interest_list:index") in menu


def test_the_page_costs_the_same_with_more_households(organizer_client, course, waiting):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert organizer_client.get(url("program", course.program)).status_code == 200
        return len(captured)

    few = queries()
    for n in range(30):
        register(course.program, days_ago=2, email=f"p{n}@example.org", persons=1 + n % 2,
                 preferred_weekdays=[1 + n % 7])  # fmt: skip
    register(course.program, days_ago=1, name="Utan adress", phone="070-2")

    assert queries() == few
