"""The admin's listings of our models on a phone, and what they say: each table scrolls
sideways inside a labelled, focusable region (the page itself never does), the sessions list
says "Inställd" in words instead of a red cross on every session that is not, an empty list
says so in Swedish, and the block picker's search box asks in Swedish too."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Site
from wagtail.users.models import UserProfile

from bookings.audit import log_staff_action
from bookings.models import Booking, OutboxMessage, SiteGroup
from tests.bookings.organize.conftest import make_course

LISTINGS = [
    "bookings_offerings:index",
    "bookings_sessions:index",
    "bookings_bookings:index",
    "bookings_outbox:index",
    "bookings_site_groups:index",
]
REGION = re.compile(
    r'<div class="organize-listing-scroll" role="region" aria-label="([^"]+)" tabindex="0">'
    r'\s*<table class="listing">',
)


def page_of(client, url_name: str, query: str = "") -> str:
    response = client.get(reverse(url_name) + query)
    assert response.status_code == 200
    return response.content.decode()


def cells_of_column(html: str, column: int) -> list[str]:
    """The cells of one column of the listing's body, as HTML."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[column].strip() for row in rows]


def text_of(cell: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()


@pytest.mark.parametrize("url_name", LISTINGS)
def test_every_listing_scrolls_inside_a_labelled_focusable_region(
    admin_client, make_offering, url_name
):
    course = make_course(make_offering, households=2, waiting=1)
    booking = course.bookings.first()
    OutboxMessage.objects.create(
        kind="booking_confirmed", recipient=booking.email, subject="x", body_text="x",
        booking=booking,
    )  # fmt: skip
    if url_name == "bookings_site_groups:index":
        SiteGroup.objects.create(
            group=Group.objects.create(name="Gnesta: bokningsadministratörer"),
            site=Site.objects.get(is_default_site=True),
        )
    html = page_of(admin_client, url_name)
    regions = REGION.findall(html)
    assert len(regions) == 1, "the listing's table is not in a scrollable region"
    assert regions[0].strip()  # named for screen readers: the list it holds


def test_the_site_history_scrolls_inside_a_region_too(admin_client, make_offering):
    """Wagtail's report, whose names of sessions are long."""
    course = make_course(make_offering, households=1, waiting=0)
    log_staff_action(
        instance=course.sessions.first(), action="bookings.session_moved", user=None
    )
    for url_name in ("visible_site_history", "visible_site_history_results"):
        regions = REGION.findall(page_of(admin_client, url_name))
        assert regions == ["Sajthistorik"], url_name


def test_the_results_that_filters_refresh_keep_the_region(admin_client, make_offering):
    make_course(make_offering, households=2, waiting=0)
    html = page_of(admin_client, "bookings_bookings:index_results")
    assert REGION.search(html)


def test_the_region_is_named_after_the_list(admin_client, make_offering):
    make_course(make_offering, households=1, waiting=0)
    html = page_of(admin_client, "bookings_bookings:index")
    assert REGION.search(html).group(1) == "Bokningar"


def test_cancelled_sessions_say_so_in_words_and_others_show_no_cross(
    admin_client, make_offering
):
    course = make_course(make_offering, households=1, waiting=0, sessions=3)
    cancelled = course.sessions.order_by("starts_at")[1]
    cancelled.is_cancelled = True
    cancelled.save(update_fields=["is_cancelled"])
    html = page_of(admin_client, "bookings_sessions:index")
    thead = re.search(r"<thead>.*?</thead>", html, re.S)[0]
    headers = [text_of(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", thead, re.S)]
    assert headers == ["Omgång", "Börjar", "Slutar", "Lokal", "Inställd"]
    cells = cells_of_column(html, headers.index("Inställd"))
    assert [text_of(cell) for cell in cells] == ["– Nej", "Inställd", "– Nej"]
    body = re.search(r"<tbody>.*?</tbody>", html, re.S)[0]
    assert "False" not in body and "True" not in body  # no hidden English
    assert "icon-cross" not in body and "w-text-text-error" not in body  # no red cross
    assert 'aria-hidden="true">–</span>' in cells[0]  # the dash is not read out


def test_an_empty_listing_says_so_in_swedish(admin_client):
    html = page_of(admin_client, "bookings_outbox:index")
    assert "Det finns inga utgående e-post att visa." in html
    assert "There are no" not in html


@pytest.mark.parametrize(
    ("url_name", "message"),
    [
        ("bookings_bookings:index", "Det finns inga bokningar att visa."),
        ("bookings_sessions:index", "Det finns inga tillfällen att visa. Varför inte"),
        ("bookings_offerings:index", "Det finns inga omgångar att visa. Varför inte"),
    ],
)
def test_every_empty_listing_says_so_in_swedish(admin_client, url_name, message):
    html = page_of(admin_client, url_name)
    assert message in html
    assert "There are no" not in html


def test_a_filter_that_matches_nothing_says_so_in_swedish(admin_client, make_offering):
    make_course(make_offering, households=1, waiting=0)
    html = page_of(admin_client, "bookings_bookings:index", "?status=offered")
    assert not Booking.objects.filter(status="offered").exists()
    assert "Inga bokningar matchade din sökning." in html


def test_an_empty_listing_reads_english_in_the_english_admin(admin_client, boss):
    profile = UserProfile.get_for_user(boss)
    profile.preferred_language = "en"
    profile.save()
    html = page_of(admin_client, "bookings_outbox:index")
    assert "There are no outgoing e-mails to display." in html


def test_the_block_pickers_search_box_asks_in_swedish(admin_client):
    response = admin_client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    entry = re.search(r'^\s*("Search options[^"]*": "[^"]*")', response.content.decode(), re.M)
    assert entry, "the block picker's search box has no translation"
    assert json.loads("{" + entry[1] + "}") == {"Search options…": "Sök alternativ…"}
