"""A booking's page offers only what its state allows: a cancelled or expired booking can be
neither cancelled nor declined, a confirmed or waitlisted one has no offer to say no to. The
"are you sure?" page of an action the state does not allow is never shown: the parent is sent
to the booking's page, which says why and shows the state."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, BookingStatus
from tests.conftest import read_in
from tests.factories import BookingFactory, OfferedBookingFactory, WaitlistedBookingFactory

NOTHING_TO_CANCEL = "This booking is no longer active, so there is nothing to cancel."
NO_OFFER = "There is no seat offer to say no to."
ASKS_TO_CANCEL = ("Cancel your booking?", "Leave the waitlist?")
ASKS_TO_DECLINE = "Say no to the seat?"


@pytest.fixture
def english(client):
    read_in(client, "en")
    return client


@pytest.fixture
def booking_in(make_offering):
    """A booking in `status` (with the fields that status has)."""
    offering = make_offering(capacity=3)

    def build(status: str) -> Booking:
        if status == BookingStatus.OFFERED:
            return OfferedBookingFactory(offering=offering)
        if status == BookingStatus.WAITLISTED:
            return WaitlistedBookingFactory(offering=offering)
        extra = {}
        if status in (BookingStatus.CANCELLED, BookingStatus.EXPIRED):
            extra["cancelled_at"] = timezone.now() - timedelta(days=1)
        return BookingFactory(offering=offering, status=status, **extra)

    return build


def links_in(page: str, booking: Booking) -> dict[str, bool]:
    return {
        name: reverse(f"bookings:{name}", args=[booking.token]) in page
        for name in ("cancel", "decline", "accept")
    }


@pytest.mark.parametrize("status", [BookingStatus.CANCELLED, BookingStatus.EXPIRED])
def test_a_finished_bookings_page_shows_its_state_and_no_action(english, booking_in, status):
    booking = booking_in(status)
    page = english.get(reverse("bookings:manage", args=[booking.token])).content.decode()
    heading = {
        BookingStatus.CANCELLED: "Cancelled",
        BookingStatus.EXPIRED: "The seat offer has expired",
    }[status]
    assert heading in page
    assert links_in(page, booking) == {"cancel": False, "decline": False, "accept": False}


@pytest.mark.parametrize(
    ("status", "offered_actions"),
    [
        (BookingStatus.CONFIRMED, {"cancel": True, "decline": False, "accept": False}),
        (BookingStatus.WAITLISTED, {"cancel": True, "decline": False, "accept": False}),
        (BookingStatus.OFFERED, {"cancel": True, "decline": True, "accept": True}),
    ],
)
def test_an_active_bookings_page_offers_only_what_its_state_allows(
    english, booking_in, status, offered_actions
):
    booking = booking_in(status)
    page = english.get(reverse("bookings:manage", args=[booking.token])).content.decode()
    assert links_in(page, booking) == offered_actions


@pytest.mark.parametrize("status", [BookingStatus.CANCELLED, BookingStatus.EXPIRED])
def test_cancel_is_not_offered_for_a_finished_booking(english, booking_in, status):
    booking = booking_in(status)
    manage_url = reverse("bookings:manage", args=[booking.token])
    response = english.get(reverse("bookings:cancel", args=[booking.token]))
    assert response.status_code == 302
    assert response["Location"] == manage_url
    page = english.get(manage_url).content.decode()
    assert NOTHING_TO_CANCEL in page
    assert not any(question in page for question in ASKS_TO_CANCEL)
    assert Booking.objects.get(pk=booking.pk).status == status


@pytest.mark.parametrize(
    "status",
    [
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLISTED,
        BookingStatus.CANCELLED,
        BookingStatus.EXPIRED,
    ],
)
def test_decline_is_not_offered_without_an_offer(english, booking_in, status):
    booking = booking_in(status)
    manage_url = reverse("bookings:manage", args=[booking.token])
    response = english.get(reverse("bookings:decline", args=[booking.token]), follow=True)
    assert response.redirect_chain == [(manage_url, 302)]
    page = response.content.decode()
    assert NO_OFFER in page
    assert ASKS_TO_DECLINE not in page
    assert Booking.objects.get(pk=booking.pk).status == status


@pytest.mark.parametrize(
    ("status", "name", "question"),
    [
        (BookingStatus.CONFIRMED, "cancel", "Cancel your booking?"),
        (BookingStatus.OFFERED, "cancel", "Cancel your booking?"),
        (BookingStatus.WAITLISTED, "cancel", "Leave the waitlist?"),
        (BookingStatus.OFFERED, "decline", ASKS_TO_DECLINE),
    ],
)
def test_the_question_is_asked_when_the_state_allows_the_action(
    english, booking_in, status, name, question
):
    booking = booking_in(status)
    response = english.get(reverse(f"bookings:{name}", args=[booking.token]))
    assert response.status_code == 200
    assert question in response.content.decode()


def test_a_cancel_posted_from_an_old_page_says_it_is_too_late(english, booking_in):
    booking = booking_in(BookingStatus.CANCELLED)
    response = english.post(reverse("bookings:cancel", args=[booking.token]), follow=True)
    assert "This booking can no longer be changed." in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED


def test_the_message_is_swedish_by_default(client, booking_in):
    booking = booking_in(BookingStatus.CONFIRMED)
    response = client.get(reverse("bookings:decline", args=[booking.token]), follow=True)
    assert "Det finns ingen erbjuden plats att tacka nej till." in response.content.decode()
