"""The organizer's offering page in Chromium: on a laptop (1280 px) every table fits its column,
the cancel buttons included; on a phone (390 px) each household is a block of labelled lines."""

import pytest

from bookings.models import AccessNeed, BookingStatus
from tests.bookings.organize.conftest import make_course, make_organizer
from tests.browser.conftest import needs_chromium
from tests.factories import BookingFactory, OfferedBookingFactory

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "lagom-breda-tabeller-2026"  # noqa: S105 (a test user's password)
MEASURE = """() => [...document.querySelectorAll('.organize-scroll')].map(box => ({
    scrollWidth: box.scrollWidth,
    clientWidth: box.clientWidth,
    actionsInside: [...box.querySelectorAll('.organize-row-actions .button')].every(
        button => button.getBoundingClientRect().right <= box.getBoundingClientRect().right + 1),
}))"""


@pytest.fixture
def busy_course(make_offering):
    """A course with long names and addresses, needs, a seat offer and people waiting."""
    course = make_course(make_offering, households=5, waiting=3)
    BookingFactory(
        offering=course,
        name="Anna-Karin Johansson Lindqvist",
        email="anna-karin.johansson.lindqvist@familjecentralen-exempel.example.org",
        phone="070-123 45 67",
        interpreter_language="ti",
        needs_childcare=True,
        access_needs=[AccessNeed.STEP_FREE],
        status=BookingStatus.CONFIRMED,
    )
    OfferedBookingFactory(offering=course, name="Mohammed Abdullahi Hassan Warsame")
    return course


def test_the_offering_page_fits_a_laptop_and_a_phone(
    live_server, chromium_browser, staff_login, busy_course
):
    organizer = make_organizer(busy_course)
    organizer.set_password(PASSWORD)
    organizer.save()
    url = f"/admin/organize/{busy_course.pk}/"
    context = chromium_browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    staff_login(page, organizer, PASSWORD, next_url=url)

    tables = page.evaluate(MEASURE)
    assert len(tables) == 3  # booked, waitlist, sessions
    for table in tables:
        assert table["scrollWidth"] <= table["clientWidth"], table
        assert table["actionsInside"], table

    logged_in = context.storage_state()
    context.close()
    context = chromium_browser.new_context(
        locale="sv-SE", viewport={"width": 390, "height": 844}, storage_state=logged_in
    )
    page = context.new_page()
    page.goto(live_server.url + url)
    for table in page.evaluate(MEASURE):
        assert table["scrollWidth"] <= table["clientWidth"], table
    booked = page.locator(".organize-table").first
    assert booked.locator("thead").bounding_box()["height"] <= 1  # for screen readers only
    row = booked.locator("tbody tr").filter(has_text="Anna-Karin")
    assert row.locator("td").first.evaluate("td => getComputedStyle(td).display") == "grid"
    labels = row.locator("td[data-label]").evaluate_all(
        "cells => cells.map(td => getComputedStyle(td, '::before').content)"
    )
    assert labels == [
        '"Personer"', '"Telefon"', '"E-post"', '"Barnets ålder"', '"Behov"', '"Bokat"'
    ]  # fmt: skip
    context.close()
