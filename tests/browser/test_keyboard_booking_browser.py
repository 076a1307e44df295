"""A parent without a mouse, on a phone in Chromium: from the program page to a confirmed
booking with Tab, Enter, Space and typing only, and every element that takes the focus is on
screen and not covered by anything (WCAG 2.1.1, 2.4.7, 2.4.11)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from bookings.models import Booking, BookingStatus
from tests.browser.conftest import needs_chromium
from tests.factories import ProgramPageFactory

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Where the focus is, and whether a sighted parent can see it: inside the viewport, with the
# element itself (or its own content, or its label) topmost at its centre.
FOCUS_STATE = """selector => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const inView = box.width > 0 && box.height > 0 && box.top > -1 && box.left > -1
        && box.bottom < innerHeight + 1 && box.right < innerWidth + 1;  // subpixel rounding
    const ownLabel = hit && hit.tagName === "LABEL" && hit.control === el;
    return {
        element: `${el.tagName}#${el.id} ${(el.innerText || el.name || "").slice(0, 40)}`,
        matches: el.matches(selector),
        visible: inView && hit !== null && (el.contains(hit) || ownLabel),
        seen: `${JSON.stringify(box)} in ${innerWidth}x${innerHeight}`
            + `, topmost: ${hit && hit.outerHTML.slice(0, 80)}`,
    };
}"""


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus; every element focused on the way is visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE, selector)
        assert state["visible"], f"focused but not visible: {state['element']} {state['seen']}"
        if state["matches"]:
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_parent_books_with_the_keyboard_only(
    live_server, parent_page, program_index, make_offering
):
    program = ProgramPageFactory(parent=program_index, title="KOMET 3–11", slug="komet-3-11")
    offering = make_offering(sessions=3, program=program, capacity=6)
    page = parent_page
    page.goto(live_server.url + program.url)

    tab_to(page, f'a[href="{reverse("bookings:book", args=[offering.pk])}"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(reverse("bookings:book", args=[offering.pk])))

    tab_to(page, "#id_persons")
    page.keyboard.type("2")
    tab_to(page, "#id_needs_childcare")
    page.keyboard.press("Space")
    tab_to(page, "#id_name")
    page.keyboard.type("Sara Nilsson")
    tab_to(page, "#id_phone")
    page.keyboard.type("070-123 45 67")
    tab_to(page, "#id_email")
    page.keyboard.type("sara@example.org")
    tab_to(page, "form.booking-form button[type=submit]")
    page.keyboard.press("Enter")

    # The code from the e-mail; then the filled-in form comes back without asking again.
    page.wait_for_url(re.compile(reverse("account_confirm_login_code")))
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", mail.outbox[-1].body).group(1)
    tab_to(page, "input[name=code]")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(reverse("bookings:book", args=[offering.pk])))
    assert page.locator("#id_email").count() == 0  # not asked twice
    assert page.input_value("#id_name") == "Sara Nilsson"
    assert page.input_value("#id_persons") == "2"
    assert page.is_checked("#id_needs_childcare")

    tab_to(page, "form.booking-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/hantera/$"))
    booking = Booking.objects.get(offering=offering)
    assert booking.status == BookingStatus.CONFIRMED
    assert (booking.persons, booking.needs_childcare) == (2, True)
