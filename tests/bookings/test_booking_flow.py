"""The parent's booking flow through the test client, as a parent would click through it."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from bookings.models import Booking, BookingStatus
from tests.conftest import read_in
from tests.factories import BookingFactory, UserFactory

FORM = {
    "persons": "2",
    "child_age_band": "6-9",
    "interpreter_language": "ar",
    "needs_childcare": "on",
    "access_needs": ["hearing_loop"],
    "name": "Sara Nilsson",
    "phone": "070-123 45 67",
}


@pytest.fixture
def english(client):
    read_in(client, "en")
    return client


def login_code_from_mail() -> str:
    body = mail.outbox[-1].body
    return re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", body).group(1)


def test_new_parent_books_after_confirming_email_with_a_code(
    english, make_offering, django_capture_on_commit_callbacks
):
    client = english
    offering = make_offering(capacity=6)
    book_url = reverse("bookings:book", args=[offering.pk])

    with django_capture_on_commit_callbacks(execute=True):  # the code leaves by the outbox
        response = client.post(book_url, {**FORM, "email": "Sara@Example.org"})
    assert response.status_code == 302
    assert reverse("account_confirm_login_code") in response["Location"]
    assert Booking.objects.count() == 0
    assert mail.outbox[-1].to == ["sara@example.org"]

    response = client.post(response["Location"], {"code": login_code_from_mail()})
    assert response.status_code == 302
    assert response["Location"] == book_url

    # What was typed survived the detour.
    page = client.get(book_url).content.decode()
    assert 'value="Sara Nilsson"' in page
    assert 'value="070-123 45 67"' in page

    response = client.post(book_url, FORM)
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bookings:manage", args=[booking.token])
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.email == "sara@example.org"
    assert (booking.persons, booking.interpreter_language, booking.needs_childcare) == (
        2,
        "ar",
        True,
    )
    assert booking.access_needs == ["hearing_loop"]
    page = client.get(response["Location"]).content.decode()
    assert "Confirmed: you have a seat" in page


def test_logged_in_parent_books_directly_and_sees_it_in_my_bookings(english, make_offering):
    client = english
    user = UserFactory()
    client.force_login(user)
    offering = make_offering()
    response = client.post(reverse("bookings:book", args=[offering.pk]), FORM)
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert booking.user == user and booking.email == user.email
    page = client.get(reverse("mypages:index"), follow=True).content.decode()
    assert offering.program.title in page
    assert reverse("bookings:manage", args=[booking.token]) in page


def test_full_offering_offers_waitlist_and_shows_position(english, make_offering):
    client = english
    offering = make_offering(capacity=1)
    BookingFactory(offering=offering)
    BookingFactory(
        offering=offering, status=BookingStatus.WAITLISTED, waitlisted_at="2026-01-01T10:00Z"
    )
    client.force_login(UserFactory())
    page = client.get(reverse("bookings:book", args=[offering.pk])).content.decode()
    assert "The group is full." in page
    assert "Join the waitlist" in page

    response = client.post(reverse("bookings:book", args=[offering.pk]), FORM, follow=True)
    assert "You are on the waitlist" in response.content.decode()
    assert "You are number 2 in line." in response.content.decode()


def test_bad_input_keeps_what_was_typed_and_explains(english, make_offering):
    client = english
    client.force_login(UserFactory())
    offering = make_offering()
    response = client.post(
        reverse("bookings:book", args=[offering.pk]),
        {**FORM, "name": " ", "phone": "abc", "persons": "9"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please check the form" in page
    assert 'value="abc"' in page
    assert Booking.objects.count() == 0


def test_duplicate_booking_leads_to_the_existing_one(english, make_offering):
    client = english
    user = UserFactory()
    client.force_login(user)
    offering = make_offering()
    existing = BookingFactory(offering=offering, email=user.email, user=user)
    response = client.post(reverse("bookings:book", args=[offering.pk]), FORM, follow=True)
    assert response.redirect_chain[-1][0] == reverse("bookings:manage", args=[existing.token])
    assert "You already have a booking for this group." in response.content.decode()
    assert Booking.objects.count() == 1


def test_closed_offering_says_so_without_a_form(english, make_offering):
    from datetime import timedelta

    from django.utils import timezone

    offering = make_offering(
        booking_closes_at=timezone.now() - timedelta(hours=1),
        booking_opens_at=timezone.now() - timedelta(days=3),
    )
    page = english.get(reverse("bookings:book", args=[offering.pk])).content.decode()
    assert "Booking for this group is closed." in page
    assert '<form method="post" class="booking-form"' not in page


def test_cancel_asks_first_then_promotes_the_waitlist(english, make_offering):
    client = english
    offering = make_offering(capacity=1)
    booking = BookingFactory(offering=offering)
    waiting = BookingFactory(
        offering=offering, status=BookingStatus.WAITLISTED, waitlisted_at="2026-01-01T10:00Z"
    )
    cancel_url = reverse("bookings:cancel", args=[booking.token])
    assert "Cancel your booking?" in client.get(cancel_url).content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED

    response = client.post(cancel_url, follow=True)
    assert "Your booking is cancelled." in response.content.decode()
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert waiting.status == BookingStatus.CONFIRMED


def test_offer_can_be_accepted_or_declined_from_the_manage_page(english, make_offering):
    from datetime import timedelta

    from django.utils import timezone

    offering = make_offering(capacity=2, waitlist_policy="offer")
    offered = BookingFactory(
        offering=offering,
        status=BookingStatus.OFFERED,
        offer_expires_at=timezone.now() + timedelta(hours=5),
    )
    page = english.get(reverse("bookings:manage", args=[offered.token])).content.decode()
    assert "A seat is free for you" in page
    english.post(reverse("bookings:accept", args=[offered.token]))
    offered.refresh_from_db()
    assert offered.status == BookingStatus.CONFIRMED

    other = BookingFactory(
        offering=offering,
        status=BookingStatus.OFFERED,
        offer_expires_at=timezone.now() + timedelta(hours=5),
    )
    english.post(reverse("bookings:decline", args=[other.token]))
    other.refresh_from_db()
    assert other.status == BookingStatus.CANCELLED


def test_calendar_file_has_every_session_and_no_personal_data(english, make_offering):
    from icalendar import Calendar

    from tests.bookings.calendars import expanded, live_times, uids

    offering = make_offering(sessions=3)
    booking = BookingFactory(offering=offering, name="Sara Nilsson", email="sara@example.org")
    response = english.get(reverse("bookings:calendar", args=[booking.token]))
    assert response["Content-Type"] == "text/calendar"
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    assert uids(calendar) == {f"offering-{offering.pk}@localhost"}  # the invites' UID, own site
    assert expanded(calendar) == live_times(offering)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Stockholm"
    assert b"Sara" not in response.content and b"sara@" not in response.content


def test_unknown_token_is_404_not_500(english, db):
    assert english.get(reverse("bookings:manage", args=["nope"])).status_code == 404
    assert english.post(reverse("bookings:accept", args=["nope"])).status_code == 404


def test_code_requests_are_rate_limited_per_address(english, make_offering, settings):
    settings.ACCOUNT_RATE_LIMITS = {"request_login_code": "20/m/ip,2/m/key"}
    offering = make_offering()
    url = reverse("bookings:book", args=[offering.pk])
    for _ in range(2):
        assert english.post(url, {**FORM, "email": "sara@example.org"}).status_code == 302
    response = english.post(url, {**FORM, "email": "sara@example.org"})
    assert response.status_code == 429
    assert "Wait a minute and try again." in response.content.decode()
    assert 'value="Sara Nilsson"' in response.content.decode()


def test_manage_and_booking_pages_take_the_same_queries_for_1_or_11_sessions(
    english, make_offering
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url: str) -> int:
        english.get(url)  # warm up: the first request of a session looks up the site once
        with CaptureQueriesContext(connection) as captured:
            assert english.get(url).status_code == 200
        return len(captured)

    counts = []
    for sessions in (1, 11):
        offering = make_offering(sessions=sessions)
        booking = BookingFactory(offering=offering)
        counts.append(
            (
                queries(reverse("bookings:manage", args=[booking.token])),
                queries(reverse("bookings:book", args=[offering.pk])),
            )
        )
    assert counts[0] == counts[1]


def test_my_bookings_asks_an_anonymous_parent_for_a_login_code(client, db):
    response = client.get(reverse("mypages:index"), follow=True)
    assert response.redirect_chain[0][1] == 302
    assert response.redirect_chain[-1][0].startswith(reverse("account_request_login_code"))


def test_a_returning_parent_finds_name_and_phone_filled_in(english, make_offering):
    user = UserFactory()
    english.force_login(user)
    BookingFactory(user=user, email=user.email, name="Sara Nilsson", phone="070-765 43 21")
    page = english.get(reverse("bookings:book", args=[make_offering().pk])).content.decode()
    assert 'value="Sara Nilsson"' in page
    assert 'value="070-765 43 21"' in page


def test_a_new_parent_whose_username_is_taken_meanwhile_still_gets_a_code(
    english, make_offering, monkeypatch, django_capture_on_commit_callbacks
):
    """Two first bookings racing for one generated username: the second tries again."""
    from allauth.account.adapter import DefaultAccountAdapter

    UserFactory(username="sara")
    original = DefaultAccountAdapter.populate_username
    calls = []

    def collide_once(self, request, user):
        original(self, request, user)
        if not calls:
            user.username = "sara"  # as if another request had just taken it
        calls.append(user.username)

    monkeypatch.setattr(DefaultAccountAdapter, "populate_username", collide_once)
    offering = make_offering()
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(
            reverse("bookings:book", args=[offering.pk]), {**FORM, "email": "sara@example.net"}
        )
    assert response.status_code == 302
    assert len(calls) == 2
    assert mail.outbox[-1].to == ["sara@example.net"]


def test_the_login_code_mail_has_the_sites_look_and_language(
    client, make_offering, django_capture_on_commit_callbacks
):
    offering = make_offering()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("bookings:book", args=[offering.pk]), {**FORM, "email": "sara@example.org"}
        )
    sent = mail.outbox[-1]
    code = login_code_from_mail()
    assert "Föräldrastöd" in sent.subject
    assert sent.body.startswith("Hej!")
    html = sent.alternatives[0][0]
    assert '<html lang="sv" dir="ltr">' in html
    assert code in html
