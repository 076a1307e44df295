"""A NUL character anywhere a visitor can put one (the address, the query string, a posted
form, a cookie) gets the site's own "could not read" page (400), never a server error.

PostgreSQL refuses NUL in text (psycopg raises before the query is sent), so a NUL that
reached a lookup was a 500 there while SQLite answered 404: both databases run these tests.
"""

import pytest
from django.db import DataError, connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import Booking
from bookings.selectors import booking_by_token
from tests.conftest import read_in
from tests.factories import BookingFactory
from tests.site.accounts.conftest import logged_in, make_parent

COULD_NOT_READ = "We could not read what was sent"


@pytest.fixture
def booking(make_offering):
    return BookingFactory(offering=make_offering())


@pytest.fixture
def english():
    client = Client()
    read_in(client, "en")
    return client


def assert_could_not_read(response) -> None:
    assert response.status_code == 400
    page = response.content.decode()
    assert COULD_NOT_READ in page
    assert 'href="/"' in page  # a way on
    assert response["Content-Security-Policy"]  # the usual headers still apply


@pytest.mark.parametrize(
    "path",
    [
        "/bokning/%00/hantera/",
        "/bokning/%00/avboka/",
        "/bokning/%00/tacka-nej/",
        "/bokning/%00/kalender.ics",
        "/en/bokning/kalender/%00.ics",  # (a feed has no language of its own)
        "/bokning/program/1%00/kalender.ics",
        "/%00/",
        "/program/%00/",
        "/mina-sidor/%00",
        "/konto/confirm-email/%00/",
    ],
)
def test_a_nul_in_the_address_gets_the_could_not_read_page(english, booking, path):
    assert_could_not_read(english.get(path))


@pytest.mark.parametrize("name", ["manage", "cancel", "decline", "calendar"])
def test_a_nul_after_a_real_token_finds_nothing(english, booking, name):
    path = reverse(f"bookings:{name}", args=[booking.token + "\x00"])
    assert_could_not_read(english.get(path))


def test_a_nul_in_a_token_address_posted_to_changes_nothing(english, booking):
    for name in ("cancel", "decline", "accept"):
        assert_could_not_read(english.post(f"/bokning/{booking.token}%00/{_segment(name)}/"))
    assert Booking.objects.get(pk=booking.pk).status == booking.status


def _segment(name: str) -> str:
    return {"cancel": "avboka", "decline": "tacka-nej", "accept": "tacka-ja"}[name]


@pytest.mark.parametrize("query", ["q=%00", "q=barn%00", "%00=1", "q=x&page=%00", "next=%00"])
def test_a_nul_in_the_query_string_gets_the_could_not_read_page(english, booking, query):
    for path in (reverse("search"), "/", reverse("bookings:manage", args=[booking.token])):
        assert_could_not_read(english.get(f"{path}?{query}"))


def test_a_nul_in_a_posted_form_gets_the_could_not_read_page(english, booking):
    book_url = reverse("bookings:book", args=[booking.offering_id])
    form = {"persons": "1", "name": "Sara\x00", "email": "sara@example.org"}
    assert_could_not_read(english.post(book_url, form))
    assert_could_not_read(english.post(reverse("account_request_login_code"), {"email": "\x00"}))
    assert_could_not_read(english.post(reverse("search"), {"\x00": "x"}))
    assert Booking.objects.count() == 1


def test_a_nul_in_a_logged_in_parents_form_gets_the_could_not_read_page(site_pages):
    client = logged_in(make_parent("sara@example.org"))
    response = client.post(reverse("mypages:profile"), {"name": "Sara", "phone": "\x00"})
    assert_could_not_read(response)


def test_a_nul_in_a_cookie_gets_the_could_not_read_page(english, booking):
    # An octal escape in a quoted cookie value is read as the character itself.
    cookie = 'django_language=en; sessionid="abcdefgh\\000ijklmnop"'
    response = english.get("/", HTTP_COOKIE=cookie)
    assert_could_not_read(response)


def test_the_page_speaks_swedish_by_default(booking):
    response = Client().get("/bokning/%00/hantera/")
    assert response.status_code == 400
    assert "Vi kunde inte läsa det som skickades" in response.content.decode()


def test_token_lookups_never_send_a_nul_to_the_database(booking):
    from parentsite.accounts.feeds import parent_feed

    with CaptureQueriesContext(connection) as queries:
        assert booking_by_token(token="\x00") is None
        assert booking_by_token(token=booking.token + "\x00") is None
        assert booking_by_token(token=booking.token[:20] + "\x00" + booking.token[21:]) is None
        with pytest.raises(Http404):
            parent_feed(None, token="\x00")
    assert queries.captured_queries == []
    assert booking_by_token(token=booking.token).pk == booking.pk


@pytest.mark.postgres
def test_postgresql_refuses_a_nul_so_it_must_never_reach_a_query(booking):
    """Why the checks above exist: the same lookup, made directly, fails on PostgreSQL."""
    with pytest.raises(DataError, match="NUL"):
        Booking.objects.filter(token="\x00").first()
