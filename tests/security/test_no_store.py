"""Every response that can show personal data says `no-store`; public pages seen anonymously
may be cached."""

import pytest
from django.urls import reverse

from bookings.services import ensure_calendar_feed
from tests.factories import BookingFactory, UserFactory


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def booking(make_offering):
    return BookingFactory(offering=make_offering(), name="Sara Nilsson", phone="070-111 22 33")


def test_a_booking_page_found_by_its_link_is_not_stored(client, booking):
    for name in ("manage", "cancel", "calendar"):
        response = client.get(reverse(f"bookings:{name}", args=[booking.token]))
        assert response.status_code == 200, name
        assert no_store(response), name
    assert "Sara Nilsson" in client.get(reverse("bookings:manage", args=[booking.token])).text


def test_the_booking_form_and_the_account_pages_are_not_stored(client, booking):
    assert no_store(client.get(reverse("bookings:book", args=[booking.offering_id])))
    assert no_store(client.get(reverse("account_request_login_code")))


def test_everything_a_logged_in_person_sees_is_not_stored(client, booking):
    user = UserFactory()
    client.force_login(user)
    assert no_store(client.get(booking.offering.program.url))
    assert no_store(client.get(reverse("mypages:index")))
    feed = ensure_calendar_feed(user=user)
    client.logout()
    assert no_store(client.get(reverse("parent_feed", args=[feed.token])))


def test_public_pages_seen_anonymously_may_be_cached(client, booking):
    program = booking.offering.program
    assert not no_store(client.get(program.url))
    assert not no_store(client.get(reverse("programs:program_feed", args=[program.pk])))
