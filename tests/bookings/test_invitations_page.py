"""The page an invitation e-mail links to: the group and one button that books it; an
invitation that can no longer be used gets a page that says why, never an error."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from bookings.models import BookingStatus, InterestStatus, InviteMode
from bookings.services import withdraw_interest
from tests.bookings.interest_invites import book_invited, invitation_of, invite, register
from tests.conftest import read_in
from tests.factories import HomePageFactory, ProgramIndexPageFactory, ProgramPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(program_index):
    return ProgramPageFactory(parent=program_index, title="KOMET 3–11")


@pytest.fixture
def group(make_offering, program):
    return make_offering(program=program, sessions=2, title="Torsdagar 18:00", offer_hours=24)


@pytest.fixture
def invited(group, program):
    """An English-speaking household of two, invited in a priority window."""
    registration = register(
        program, 0, name="Sara Nilsson", persons=2, child_age_band="6-9", language="en"
    )
    invite(group, InviteMode.PRIORITY_WINDOW, priority_hours=48)
    return invitation_of(registration, group)


def page_of(invitation) -> str:
    return reverse("bookings:invitation", args=[invitation.token])


def test_the_page_shows_the_group_and_the_households_details(client, invited):
    read_in(client, "en")
    response = client.get(page_of(invited))

    assert response.status_code == 200
    html = response.content.decode()
    for text in ("KOMET 3–11", "Torsdagar 18:00", "Sara Nilsson", "household0@example.org"):
        assert text in html
    assert "Book my seat" in html
    assert "With this invitation you can book now." in html
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_the_button_books_with_the_registrations_details_before_public_booking(
    client, invited, group
):
    read_in(client, "en")
    response = client.post(page_of(invited))

    booking = group.bookings.get()
    assert response.status_code == 302
    assert response.url == reverse("bookings:manage", args=[booking.token])
    assert (booking.status, booking.name, booking.email) == (
        BookingStatus.CONFIRMED,
        "Sara Nilsson",
        "household0@example.org",
    )
    assert (booking.persons, booking.child_age_band, booking.language) == (2, "6-9", "en")
    invited.refresh_from_db()
    assert invited.booking == booking
    invited.registration.refresh_from_db()
    assert invited.registration.status == InterestStatus.BOOKED


def test_a_used_invitation_says_so_and_leads_to_the_booking(client, invited):
    read_in(client, "en")
    booking = book_invited(invited)

    for response in (client.get(page_of(invited)), client.post(page_of(invited))):
        html = response.content.decode()
        assert response.status_code == 200
        assert "You have already booked with this invitation." in html
        assert reverse("bookings:manage", args=[booking.token]) in html
        assert "Book my seat" not in html
    assert invited.offering.bookings.count() == 1


def test_a_withdrawn_household_is_told_it_left_the_list(client, invited):
    read_in(client, "en")
    withdraw_interest(registration_id=invited.registration_id)

    response = client.post(page_of(invited))

    assert response.status_code == 200
    assert "You are no longer on the interest list for this program" in response.content.decode()
    assert not invited.offering.bookings.exists()


def test_an_expired_invitation_points_to_public_booking_when_it_is_open(
    client, make_offering, program
):
    read_in(client, "en")
    group = make_offering(program=program, sessions=1, offer_hours=1)
    registration = register(program, 0)
    invite(group, InviteMode.BATCHES, now=timezone.now() - timedelta(hours=2))
    invitation = invitation_of(registration, group)

    response = client.get(page_of(invitation))

    html = response.content.decode()
    assert response.status_code == 200
    assert "The time to book with this invitation has run out." in html
    assert reverse("bookings:book", args=[group.pk]) in html
    assert program.url in html


def test_an_expired_invitation_before_public_booking_offers_no_booking_link(
    client, make_offering, program
):
    read_in(client, "en")
    opens = timezone.now() + timedelta(days=3)
    group = make_offering(program=program, sessions=1, offer_hours=1, booking_opens_at=opens)
    registration = register(program, 0)
    invite(group, InviteMode.BATCHES, now=timezone.now() - timedelta(hours=2))

    response = client.post(page_of(invitation_of(registration, group)))

    html = response.content.decode()
    assert "The time to book with this invitation has run out." in html
    assert reverse("bookings:book", args=[group.pk]) not in html
    assert not group.bookings.exists()


def test_a_full_group_offers_its_waitlist(client, make_offering, program):
    read_in(client, "en")
    group = make_offering(program=program, sessions=1, capacity=1)
    first, second = register(program, 0), register(program, 1)
    invite(group, InviteMode.PRIORITY_WINDOW)
    book_invited(invitation_of(first, group))
    invitation = invitation_of(second, group)

    assert "Join the waitlist" in client.get(page_of(invitation)).content.decode()
    response = client.post(page_of(invitation))

    assert group.bookings.get(email="household1@example.org").status == BookingStatus.WAITLISTED
    assert response.status_code == 302


def test_a_cancelled_group_says_booking_is_closed(client, invited, group):
    read_in(client, "en")
    group.status = "cancelled"
    group.save()

    shown, sent = client.get(page_of(invited)), client.post(page_of(invited))

    assert (shown.status_code, sent.status_code) == (200, 409)
    for response in (shown, sent):
        assert "Booking for this group is closed." in response.content.decode()
        assert "Book my seat" not in response.content.decode()
    assert not group.bookings.exists()


def test_another_municipalitys_invitation_is_not_found_here(client, make_offering, site_pages):
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Sollentuna")
    Site.objects.create(hostname="sollentuna.localhost", port=80, root_page=home)
    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home))
    group = make_offering(program=program, sessions=1)
    registration = register(program, 0)
    invite(group, InviteMode.PRIORITY_WINDOW)
    invitation = invitation_of(registration, group)

    assert client.get(page_of(invitation)).status_code == 404
    assert client.post(page_of(invitation)).status_code == 404
    assert not group.bookings.exists()
    assert client.get(page_of(invitation), HTTP_HOST="sollentuna.localhost").status_code == 200


@pytest.mark.parametrize("token", ["x" * 43, "not a token", "%00"])
def test_an_unknown_token_is_not_found(client, invited, token):
    expected = 400 if token == "%00" else 404  # a NUL is refused before any view
    assert client.get(f"/bokning/inbjudan/{token}/").status_code == expected
    assert client.post(f"/bokning/inbjudan/{token}/").status_code == expected


def test_the_page_reads_in_arabic_right_to_left(client, invited):
    read_in(client, "ar")
    response = client.get(f"/ar/bokning/inbjudan/{invited.token}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html and "Book my seat" not in html
