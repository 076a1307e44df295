"""A booking form sent with mistakes, on a phone in Chromium: the error summary is the first
thing the parent meets (focused, on screen, named in the page title) and leads to each field."""

import re

import pytest
from django.urls import reverse

from tests.browser.conftest import needs_chromium

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FOCUSED_BOX = """() => {
    const box = document.activeElement.getBoundingClientRect();
    return {id: document.activeElement.id, top: box.top, bottom: box.bottom};
}"""


def test_a_booking_form_with_errors_focuses_a_summary_that_links_to_the_fields(
    live_server, parent_page, make_offering
):
    offering = make_offering(sessions=3)
    page = parent_page
    page.goto(live_server.url + reverse("bookings:book", args=[offering.pk]))
    assert not page.title().startswith("Fel:")
    page.select_option("#id_persons", "2")
    page.fill("#id_phone", "070-123 45 67")
    page.fill("#id_email", "sara@")  # no name, and half an address
    page.locator("form.booking-form button[type=submit]").click()
    page.wait_for_selector("#form-errors")

    assert page.title().startswith("Fel: ")
    focused = page.evaluate(FOCUSED_BOX)
    assert focused["id"] == "form-errors"
    assert 0 <= focused["top"] < page.viewport_size["height"]
    summary = page.locator("#form-errors")
    assert summary.get_by_role("link").count() == 2

    summary.get_by_role("link", name=re.compile("E-postadress")).click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    summary.get_by_role("link", name=re.compile("Ditt namn")).click()
    assert page.evaluate("document.activeElement.id") == "id_name"

    # What the parent typed is still there.
    assert page.input_value("#id_persons") == "2"
    assert page.input_value("#id_phone") == "070-123 45 67"
    assert page.input_value("#id_email") == "sara@"
