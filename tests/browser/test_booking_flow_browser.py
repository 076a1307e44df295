"""A new parent in Chromium: find KOMET, book it, join a full group's waitlist, cancel, and
see the first household on the waitlist get the seat."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from bookings.models import Booking, BookingStatus
from tests.browser.conftest import needs_chromium
from tests.factories import BookingFactory, OfferingFactory, ProgramPageFactory, SessionFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _latest_code() -> str:
    return re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", mail.outbox[-1].body).group(1)


# Where every booking post ends: the booking's own page.
MANAGE_URL = re.compile(r"/bokning/[\w-]{43}/hantera/$")


def submit_and_wait(page, button: str, lands_on: re.Pattern) -> None:
    """Press a form's submit button and return once the post has been answered (a redirect,
    as every successful post here gives) and the page it leads to has loaded."""
    with page.expect_response(
        lambda response: response.request.method == "POST", timeout=15_000
    ) as posted:
        page.locator(button).click()
    assert posted.value.status == 302, posted.value.status
    page.wait_for_url(lands_on)


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_parent_books_joins_waitlist_cancels_and_waitlist_moves(
    live_server, parent_page, program_index
):
    komet = ProgramPageFactory(parent=program_index, title="KOMET 3–11", slug="komet-3-11")
    open_group = OfferingFactory(program=komet, capacity=6, title="Torsdagar 18:00")
    for _ in range(3):
        SessionFactory(offering=open_group)
    npf = ProgramPageFactory(parent=program_index, title="NPF-träffar", slug="npf", kind="meetup")
    full_group = OfferingFactory(program=npf, capacity=1, title="December")
    SessionFactory(offering=full_group)
    first_in_line = BookingFactory(
        offering=full_group, status=BookingStatus.WAITLISTED, waitlisted_at="2026-01-01T10:00Z"
    )
    BookingFactory(offering=full_group)  # the one seat is taken

    page = parent_page

    # Find KOMET from the start page and open its booking form.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("KOMET 3–11")).first.click()
    page.wait_for_url(re.compile(r"/komet-3-11/$"))
    page.locator(f'a[href="{reverse("bookings:book", args=[open_group.pk])}"]').click()

    # Fill in the form as a parent without an account.
    page.select_option("#id_persons", "2")
    page.select_option("#id_child_age_band", "6-9")
    page.check("#id_needs_childcare")
    page.fill("#id_name", "Sara Nilsson")
    page.fill("#id_phone", "070-123 45 67")
    page.fill("#id_email", "sara@example.org")
    _shot(page, "01-booking-form")
    page.locator("form.booking-form button[type=submit]").click()

    # The code arrives by e-mail; entering it brings the parent back to the filled form.
    page.wait_for_url(re.compile(reverse("account_confirm_login_code")))
    page.fill("input[name=code]", _latest_code())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(reverse("bookings:book", args=[open_group.pk])))
    assert page.input_value("#id_name") == "Sara Nilsson"
    # The database is read only once the post has been answered and its redirect followed.
    submit_and_wait(page, "form.booking-form button[type=submit]", MANAGE_URL)
    booking = Booking.objects.get(offering=open_group)
    assert page.url.endswith(reverse("bookings:manage", args=[booking.token]))
    assert booking.status == BookingStatus.CONFIRMED and booking.persons == 2
    assert page.locator("h2#status-heading").is_visible()
    _shot(page, "02-booking-confirmed")

    # The full NPF meetup offers the waitlist; joining shows the place in line.
    page.goto(live_server.url + reverse("bookings:book", args=[full_group.pk]))
    page.fill("#id_name", "Sara Nilsson")
    submit_and_wait(page, "form.booking-form button[type=submit]", MANAGE_URL)
    waiting = Booking.objects.get(offering=full_group, email="sara@example.org")
    assert waiting.status == BookingStatus.WAITLISTED
    assert page.url.endswith(reverse("bookings:manage", args=[waiting.token]))
    assert page.locator(".status-box__position").inner_text().strip() != ""
    _shot(page, "03-waitlisted")

    # Cancel the KOMET seat from "My bookings", confirming first.
    page.goto(live_server.url + reverse("mypages:index"))
    page.locator(f'a[href="{reverse("bookings:manage", args=[booking.token])}"]').click()
    page.locator(f'a[href="{reverse("bookings:cancel", args=[booking.token])}"]').click()
    _shot(page, "04-cancel-confirm")
    submit_and_wait(page, "main form button[type=submit]", MANAGE_URL)
    assert page.url.endswith(reverse("bookings:manage", args=[booking.token]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED

    # The NPF seat holder cancels through their own link: the first in line gets the seat.
    holder = Booking.objects.get(offering=full_group, status=BookingStatus.CONFIRMED)
    page.goto(live_server.url + reverse("bookings:cancel", args=[holder.token]))
    submit_and_wait(page, "main form button[type=submit]", MANAGE_URL)
    first_in_line.refresh_from_db()
    waiting.refresh_from_db()
    assert first_in_line.status == BookingStatus.CONFIRMED
    assert waiting.status == BookingStatus.WAITLISTED
    page.goto(live_server.url + reverse("bookings:manage", args=[first_in_line.token]))
    _shot(page, "05-promoted")


def test_parent_switches_to_english_and_accepts_an_offered_seat(
    live_server, parent_page, program_index
):
    """The language switch leads to the same booking page in English, whose "take the seat"
    form passes CSRF checks there."""
    from datetime import timedelta

    from django.utils import timezone

    page = parent_page
    program = ProgramPageFactory(parent=program_index, title="KOMET 12–18", slug="komet-12-18")
    offering = OfferingFactory(program=program, capacity=1, waitlist_policy="offer")
    SessionFactory(offering=offering)
    offered = BookingFactory(
        offering=offering,
        status=BookingStatus.OFFERED,
        offer_expires_at=timezone.now() + timedelta(hours=48),
    )

    page.goto(live_server.url + reverse("bookings:manage", args=[offered.token]))
    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    assert page.url.endswith(f"/en/bokning/{offered.token}/hantera/")
    assert page.locator("h1").inner_text() == "Your booking"
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Yes, I take the seat").click()
    assert answer.value.status == 302
    page.wait_for_selector(".message")
    offered.refresh_from_db()
    assert offered.status == BookingStatus.CONFIRMED
    _shot(page, "06-offer-accepted-english")
