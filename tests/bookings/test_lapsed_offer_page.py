"""A seat offer whose deadline passed before the expiry sweep came by: the booking's page says
the offer has expired (and the seat has gone to the next in line), never "take the seat"."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from bookings.models import BookingStatus, OutboxMessage
from tests.conftest import read_in
from tests.factories import OfferedBookingFactory, WaitlistedBookingFactory

pytestmark = pytest.mark.django_db


def test_a_lapsed_offer_shows_as_expired_and_the_seat_moves_on(client, make_offering):
    read_in(client, "en")
    offering = make_offering(capacity=1, waitlist_policy="offer")
    lapsed = OfferedBookingFactory(
        offering=offering, offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    next_in_line = WaitlistedBookingFactory(offering=offering)

    response = client.get(reverse("bookings:manage", args=[lapsed.token]))

    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    assert html.select_one("#status-heading").get_text(strip=True) == "The seat offer has expired"
    assert (
        html.select_one(f"form[action='{reverse('bookings:accept', args=[lapsed.token])}']") is None
    )
    lapsed.refresh_from_db()
    next_in_line.refresh_from_db()
    assert lapsed.status == BookingStatus.EXPIRED
    assert next_in_line.status == BookingStatus.OFFERED
    assert (
        OutboxMessage.objects.filter(booking=lapsed).count() == 1
    )  # told once, as the sweep would

    client.get(reverse("bookings:manage", args=[lapsed.token]))  # again: nothing more happens
    assert OutboxMessage.objects.filter(booking=lapsed).count() == 1


def test_an_offer_still_open_keeps_its_buttons(client, make_offering):
    offering = make_offering(capacity=1, waitlist_policy="offer")
    open_offer = OfferedBookingFactory(offering=offering)
    html = client.get(reverse("bookings:manage", args=[open_offer.token])).content.decode()
    assert reverse("bookings:accept", args=[open_offer.token]) in html
    open_offer.refresh_from_db()
    assert open_offer.status == BookingStatus.OFFERED
