"""The admin's listings of our models in Chromium: on a phone (390 px) a table wider than the
screen scrolls sideways in its own labelled region, so every column can be reached (Wagtail's
<main> hides what overflows it, which cut the last columns off), and the page itself never
scrolls sideways; on a laptop (1280 px) the tables fit and nothing scrolls."""

import tempfile
from pathlib import Path

import pytest

from bookings.models import BookingStatus
from tests.bookings.organize.conftest import make_course, make_organizer
from tests.browser.conftest import needs_chromium
from tests.factories import BookingFactory

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "smala-listor-i-sidled-2026"  # noqa: S105 (a test user's password)
LISTINGS = ["/admin/bookings/bookings/", "/admin/bookings/offerings/", "/admin/bookings/sessions/"]
# The page, and each listing's table: its scrolling box, and whether the last column's header
# lies inside that box once the box is scrolled to its end.
MEASURE = """() => {
    const table = document.querySelector('#listing-results table.listing');
    let box = table.parentElement;
    while (box !== document.body && getComputedStyle(box).overflowX === 'visible') {
        box = box.parentElement;
    }
    box.scrollLeft = box.scrollWidth;
    const edge = box.getBoundingClientRect();
    const last = [...table.querySelectorAll('thead th')].pop().getBoundingClientRect();
    const measured = {
        page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
        scrolls: getComputedStyle(box).overflowX === 'auto',
        scrollWidth: box.scrollWidth,
        clientWidth: box.clientWidth,
        lastColumnReached: last.left >= edge.left - 1 && last.right <= edge.right + 1,
        role: box.getAttribute('role'),
        label: box.getAttribute('aria-label'),
        tabindex: box.getAttribute('tabindex'),
    };
    box.scrollLeft = 0;
    return measured;
}"""


def test_every_column_of_the_admin_listings_can_be_reached_on_a_phone(
    live_server, chromium_browser, staff_login, make_offering
):
    course = make_course(make_offering, households=2, waiting=1)
    BookingFactory(
        offering=course,
        name="Anna-Karin Johansson Lindqvist",
        email="anna-karin.johansson.lindqvist@familjecentralen-exempel.example.org",
        status=BookingStatus.CONFIRMED,
    )
    organizer = make_organizer(course)
    organizer.set_password(PASSWORD)
    organizer.save()
    context = chromium_browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    staff_login(page, organizer, PASSWORD, next_url=LISTINGS[0])
    for url in LISTINGS:
        page.goto(live_server.url + url)
        laptop = page.evaluate(MEASURE)
        assert laptop["page"][0] <= laptop["page"][1], (url, laptop)
        assert laptop["scrollWidth"] <= laptop["clientWidth"], (url, laptop)  # nothing scrolls
    logged_in = context.storage_state()
    context.close()

    context = chromium_browser.new_context(
        locale="sv-SE", viewport={"width": 390, "height": 844}, storage_state=logged_in
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    for url in LISTINGS:
        page.goto(live_server.url + url)
        phone = page.evaluate(MEASURE)
        assert phone["page"][0] <= phone["page"][1], (url, phone)  # the page never scrolls
        assert phone["scrolls"] and phone["lastColumnReached"], (url, phone)
        assert phone["role"] == "region" and phone["label"] and phone["tabindex"] == "0", phone

    # The bookings list is wider than a phone: a keyboard user scrolls it from its region.
    page.goto(live_server.url + LISTINGS[0])
    region = page.get_by_role("region", name="Bokningar")
    assert page.evaluate(MEASURE)["scrollWidth"] > page.evaluate(MEASURE)["clientWidth"]
    region.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => { const r = document.querySelector('[role=region][aria-label=Bokningar]');"
        " return r.scrollLeft > 0; }"
    )
    page.screenshot(path=str(Path(tempfile.gettempdir()) / "admin-bookings-list-390.png"))
    context.close()
