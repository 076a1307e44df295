"""Account e-mails (login codes and the like) belong to the municipality whose pages they were
asked for on; a superuser's outbox and statistics name each row's municipality, one
municipality's administrator gets no such column and sees no account e-mail."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from bookings.models import OutboxMessage
from tests.bookings.organize.conftest import make_booking_administrator

pytestmark = pytest.mark.django_db

MUNICIPALITY = "Kommun"


def ask_for_login_code(host: str, email: str) -> OutboxMessage:
    Client().post(reverse("account_request_login_code"), {"email": email}, HTTP_HOST=host)
    return OutboxMessage.objects.get(kind=OutboxMessage.ACCOUNT_KIND, recipient=email)


@pytest.fixture
def account_mail(courses):
    """A login code asked for on Sollentuna's domain."""
    return ask_for_login_code("sollentuna.localhost", "sollentunabo@example.org")


def test_an_account_email_belongs_to_the_site_it_was_asked_on(courses, account_mail):
    assert account_mail.site == Site.objects.get(site_name="Sollentuna")
    on_default = ask_for_login_code("localhost", "gnestabo@example.org")
    assert on_default.site == Site.objects.get(is_default_site=True)


def outbox_rows(client) -> dict[str, str]:
    """recipient -> municipality named on the row, from the outbox list."""
    soup = BeautifulSoup(client.get(reverse("bookings_outbox:index")).content, "html.parser")
    headers = [th.get_text(" ", strip=True) for th in soup.select("table thead th")]
    named = headers.index(MUNICIPALITY) if MUNICIPALITY in headers else None
    recipient = headers.index("Mottagare")
    rows = {}
    for row in soup.select("table tbody tr"):
        cells = [cell.get_text(strip=True) for cell in row.select("td, th")]
        rows[cells[recipient]] = cells[named] if named is not None else None
    return rows


def test_a_superuser_sees_each_outbox_row_named_with_its_municipality(
    admin_client, courses, account_mail
):
    gnesta, other = courses
    assert outbox_rows(admin_client) == {
        gnesta.bookings.first().email: "Gnesta",
        other.bookings.first().email: "Sollentuna",
        account_mail.recipient: "Sollentuna",
    }


def test_one_municipalitys_administrator_sees_no_column_and_no_account_email(
    client, courses, account_mail
):
    gnesta, _other = courses
    client.force_login(make_booking_administrator(username="gnesta-admin"))
    assert outbox_rows(client) == {gnesta.bookings.first().email: None}


def test_a_superusers_statistics_name_each_programs_municipality(admin_client, courses):
    gnesta, other = courses
    page = admin_client.get(reverse("organize:statistics"))
    rows = {
        cells[0]: cells[1]
        for cells in table_rows(page.content)
        if cells[0] in (gnesta.program.title, other.program.title)
    }
    assert rows == {gnesta.program.title: "Gnesta", other.program.title: "Sollentuna"}
    export = admin_client.get(reverse("organize:statistics_export", args=["csv"]))
    lines = export.content.decode().splitlines()
    assert MUNICIPALITY in lines[0]
    assert any(other.program.title in line and "Sollentuna" in line for line in lines[1:])


def test_one_municipalitys_statistics_have_no_municipality_column(client, courses):
    gnesta, _other = courses
    client.force_login(make_booking_administrator(username="gnesta-admin"))
    page = client.get(reverse("organize:statistics")).content
    assert gnesta.program.title in page.decode()
    assert MUNICIPALITY not in page.decode()


def table_rows(html: bytes) -> list[list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [
        [cell.get_text(strip=True) for cell in row.select("td, th")]
        for row in soup.select("table tbody tr")
    ]
