"""An address opened with a method it does not take (a link to a form's target, a stray PUT)
gets the site's own page with a way on, and the status and Allow header that say why (405).

Django's views answer 405 with an empty body; every 405 the site gives passes through
`MethodNotAllowedPageMiddleware`.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import read_in
from tests.factories import OfferedBookingFactory
from tests.site.accounts.conftest import logged_in, make_parent

NOT_LIKE_THAT = "This page cannot be opened like that"


@pytest.fixture
def english():
    client = Client()
    read_in(client, "en")
    return client


def assert_own_page(response, *, allowed: set[str]) -> None:
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) >= allowed
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert NOT_LIKE_THAT in page
    assert 'href="/"' in page
    assert f'href="{reverse("mypages:index")}"' in page
    assert response["Content-Security-Policy"]


def test_opening_the_accept_address_as_a_link(english, make_offering):
    offered = OfferedBookingFactory(offering=make_offering())
    response = english.get(reverse("bookings:accept", args=[offered.token]))
    assert_own_page(response, allowed={"POST"})


def test_opening_the_new_calendar_link_address_as_a_link(site_pages):
    client = logged_in(make_parent("sara@example.org"))
    assert_own_page(client.get(reverse("mypages:renew_feed")), allowed={"POST"})


@pytest.mark.parametrize("method", ["delete", "patch"])
def test_a_method_the_view_does_not_take(english, site_pages, method):
    response = getattr(english, method)(reverse("account_request_login_code"))
    assert_own_page(response, allowed={"GET", "POST"})


def test_the_page_speaks_swedish_by_default(make_offering):
    offered = OfferedBookingFactory(offering=make_offering())
    response = Client().get(reverse("bookings:accept", args=[offered.token]))
    assert response.status_code == 405
    page = response.content.decode()
    assert "Sidan kan inte öppnas på det sättet" in page
    assert "Mina sidor" in page


def test_the_page_renders_without_a_request_or_database():
    from django.template.loader import render_to_string

    # No `db` fixture: any database access here would raise.
    html = render_to_string("405.html")
    assert "<h1>" in html
    assert f'href="{reverse("mypages:index")}"' in html
