"""My pages (/mina-sidor/): the parent's bookings, coming and earlier, their calendar link and
the way to their account and data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import BookingStatus, CalendarFeed
from tests.factories import BookingFactory, SessionFactory, StandardPageFactory
from tests.site.accounts.conftest import make_parent

MY_PAGES = ["mypages:index", "mypages:profile", "mypages:my_data", "mypages:my_data_download"]


def book(user, offering, **fields):
    return BookingFactory(offering=offering, user=user, email=user.email, **fields)


@pytest.mark.parametrize("name", MY_PAGES)
def test_an_anonymous_visitor_is_asked_to_log_in_with_a_code(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_request_login_code") + "?next=")


def test_logging_in_lands_on_my_pages(client, parent):
    parent.set_password("a-long-parent-password-2026")
    parent.save()
    response = client.post(
        reverse("account_login"),
        {"login": parent.email, "password": "a-long-parent-password-2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mypages:index")


def test_bookings_are_split_into_coming_and_earlier(parent_client, parent, make_offering):
    coming = make_offering(program=None, sessions=2)
    coming.program.title = "KOMET 3–11"
    coming.program.save()
    ended = make_offering(sessions=0)
    SessionFactory(offering=ended, starts_at=timezone.now() - timedelta(days=30))
    left = make_offering(sessions=1)
    book(parent, coming)
    book(parent, ended)
    book(parent, left, status=BookingStatus.CANCELLED)

    page = parent_client.get(reverse("mypages:index")).content.decode()
    upcoming, earlier = page.split("Earlier and cancelled bookings")
    assert "KOMET 3–11" in upcoming
    assert ended.program.title not in upcoming and ended.program.title in earlier
    assert left.program.title not in upcoming and left.program.title in earlier
    assert "Status: <strong>Cancelled</strong>" in earlier
    assert "Status: <strong>Confirmed</strong>" in upcoming


def test_a_booking_staff_made_for_a_verified_address_is_listed(
    parent_client, parent, make_offering
):
    """The same bookings as in the data export and account deletion (ownership rule)."""
    by_phone = make_offering()
    BookingFactory(offering=by_phone, user=None, email="SARA@example.org", source="staff")
    not_hers = make_offering()
    unverified = make_parent("sara.other@example.org", verified=False)
    BookingFactory(offering=not_hers, user=None, email=unverified.email)

    page = parent_client.get(reverse("mypages:index")).content.decode()

    assert by_phone.program.title in page
    assert not_hers.program.title not in page


def test_a_group_whose_last_dates_were_cancelled_is_earlier_once_the_held_ones_are_over(
    parent_client, parent, make_offering
):
    offering = make_offering(sessions=0)
    SessionFactory(offering=offering, starts_at=timezone.now() - timedelta(days=7))
    SessionFactory(
        offering=offering, starts_at=timezone.now() + timedelta(days=7), is_cancelled=True
    )
    book(parent, offering)

    page = parent_client.get(reverse("mypages:index")).content.decode()
    upcoming, earlier = page.split("Earlier and cancelled bookings")

    assert offering.program.title in earlier and offering.program.title not in upcoming


def test_a_parent_without_bookings_is_pointed_to_the_programs(parent_client, program_index):
    page = parent_client.get(reverse("mypages:index")).content.decode()
    assert "You have no coming bookings." in page
    assert f'href="{program_index.url}"' in page
    assert "Earlier and cancelled bookings" not in page


def test_each_booking_links_to_its_own_page(parent_client, parent, make_offering):
    booking = book(parent, make_offering())
    page = parent_client.get(reverse("mypages:index")).content.decode()
    assert f'href="{reverse("bookings:manage", args=[booking.token])}"' in page


def test_the_calendar_link_is_shown_and_can_be_replaced(parent_client, parent):
    page = parent_client.get(reverse("mypages:index")).content.decode()
    old = CalendarFeed.objects.get(user=parent).token
    assert f"webcal://testserver{reverse('parent_feed', args=[old])}" in page

    response = parent_client.post(reverse("mypages:renew_feed"), follow=True)
    new = CalendarFeed.objects.get(user=parent).token
    assert new != old
    assert response.redirect_chain[-1][0] == reverse("mypages:index") + "#feed-heading"
    page = response.content.decode()
    assert "Your calendar has a new link." in page
    assert reverse("parent_feed", args=[new]) in page
    assert reverse("parent_feed", args=[old]) not in page


def test_account_links_lead_to_email_change_password_data_and_privacy(parent_client, site_pages):
    home, _index = site_pages
    privacy = StandardPageFactory(parent=home, slug="personuppgifter", title="Privacy")
    page = parent_client.get(reverse("mypages:index")).content.decode()
    for url in (
        reverse("account_email"),
        reverse("account_set_password"),  # no password yet: choosing one is optional
        reverse("mypages:profile"),
        reverse("mypages:my_data"),
        reverse("mypages:my_data_download"),
        reverse("account_logout"),
        privacy.url,
    ):
        assert f'"{url}"' in page, url
    assert "Choose a password (optional)" in page


def test_a_parent_with_a_password_may_change_it(parent_client, parent):
    parent.set_password("a-long-parent-password-2026")
    parent.save()
    parent_client.force_login(parent)
    page = parent_client.get(reverse("mypages:index")).content.decode()
    assert f'"{reverse("account_change_password")}"' in page
    assert reverse("account_set_password") not in page


def test_delete_my_account_is_linked(parent_client):
    page = parent_client.get(reverse("mypages:index")).content.decode()
    url = reverse("mypages:delete_account")
    assert f'href="{url}"' in page and "Delete my account" in page


def test_my_pages_are_never_cached(parent_client):
    for name in ("mypages:index", "mypages:profile", "mypages:my_data"):
        response = parent_client.get(reverse(name))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_swedish_by_default(parent):
    from tests.site.accounts.conftest import logged_in

    page = logged_in(parent, language="sv").get(reverse("mypages:index")).content.decode()
    assert '<html lang="sv" dir="ltr">' in page


def test_queries_do_not_grow_with_the_number_of_bookings(parent_client, parent, make_offering):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert parent_client.get(reverse("mypages:index")).status_code == 200
        return len(queries)

    book(parent, make_offering(sessions=2))
    count()  # the first visit makes the calendar link
    one = count()
    for _ in range(5):
        book(parent, make_offering(sessions=3))
    assert count() == one


def test_bookings_in_two_municipalities_are_grouped_by_municipality(
    parent_client, parent, make_offering, site_pages
):
    from bs4 import BeautifulSoup
    from wagtail.models import Page, Site

    from parentsite.municipality import MunicipalitySettings
    from tests.factories import HomePageFactory, ProgramIndexPageFactory, ProgramPageFactory

    home = HomePageFactory(parent=Page.get_first_root_node(), title="Sollentuna")
    sollentuna = Site.objects.create(
        hostname="sollentuna.localhost", port=80, root_page=home, site_name="Sollentuna"
    )
    MunicipalitySettings.objects.create(site=sollentuna, municipality_name="Sollentuna kommun")
    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home))
    there = BookingFactory(offering=make_offering(program=program), user=parent,
                           email=parent.email)  # fmt: skip
    here = BookingFactory(offering=make_offering(), user=parent, email=parent.email)

    html = BeautifulSoup(parent_client.get(reverse("mypages:index")).content, "html.parser")

    section = html.select_one("section[aria-labelledby=bookings-heading]")
    groups = {
        heading.get_text(strip=True): [
            a.get_text(strip=True) for a in heading.find_next_sibling("ul").select("h4 a")
        ]
        for heading in section.select("h3")
    }
    assert groups == {
        "Gnesta": [f"{here.offering.program.title}: {here.offering.title}"],
        "Sollentuna kommun": [f"{there.offering.program.title}: {there.offering.title}"],
    }
