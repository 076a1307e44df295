"""A new parent on a phone in Chromium finds KOMET full, joins its interest list through the
e-mail code, sees the registration on My pages and withdraws it; axe-core finds no WCAG 2.2
A/AA violation on the form (empty and with mistakes) or on My pages with the list.

Screenshots go to var/screenshots/interest-*.png (390 px wide) to look at after a run.
"""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from bookings.models import InterestRegistration, InterestStatus
from tests.browser.conftest import assert_no_wcag_violations, needs_chromium
from tests.factories import BookingFactory, OfferingFactory, ProgramPageFactory, SessionFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"interest-{name}.png"), full_page=True)


def _latest_code() -> str:
    return re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", mail.outbox[-1].body).group(1)


def _post_and_wait(page, button: str, lands_on: re.Pattern) -> None:
    """Press a form's button and return once the post's redirect has been followed."""
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.locator(button).click()
    assert posted.value.status == 302, posted.value.status
    page.wait_for_url(lands_on)


@pytest.fixture
def komet_full(program_index):
    """KOMET 3–11 with its one group full (a waitlist still open)."""
    komet = ProgramPageFactory(parent=program_index, title="KOMET 3–11", slug="komet-3-11")
    group = OfferingFactory(program=komet, capacity=1, title="Torsdagar 18:00")
    for _ in range(3):
        SessionFactory(offering=group)
    BookingFactory(offering=group)
    return komet


def test_a_parent_registers_interest_from_the_full_komet_page_and_withdraws_it(
    live_server, parent_page, komet_full
):
    page = parent_page
    form_url = reverse("bookings:interest", args=[komet_full.pk])
    my_pages = re.compile(re.escape(reverse("mypages:index")) + "#interest-heading$")

    page.goto(live_server.url + komet_full.url)
    assert page.get_by_role("link", name="Ställ dig i kö").is_visible()  # the waitlist stays
    page.locator(f'a[href="{form_url}"]').click()
    page.wait_for_url(re.compile(re.escape(form_url) + "$"))
    assert page.locator("h1").inner_text() == "Anmäl intresse"
    assert_no_wcag_violations(page)

    # A mistake first: the page explains and keeps what was chosen.
    page.select_option("#id_persons", "2")
    page.select_option("#id_child_age_band", "6-9")
    page.get_by_label("tisdag").check()
    page.get_by_label("torsdag").check()
    page.get_by_label("Kväll (från 17)").check()
    page.fill("#id_phone", "inget nummer")
    page.locator("form.booking-form button[type=submit]").click()
    page.wait_for_selector("#form-errors")
    assert page.get_by_label("torsdag").is_checked()
    assert_no_wcag_violations(page)
    _shot(page, "01-form-errors")

    page.fill("#id_name", "Sara Nilsson")
    page.fill("#id_phone", "070-123 45 67")
    page.fill("#id_email", "sara@example.org")
    page.locator("form.booking-form button[type=submit]").click()

    # The code arrives by e-mail; entering it brings the parent back to the filled form.
    page.wait_for_url(re.compile(reverse("account_confirm_login_code")))
    page.fill("input[name=code]", _latest_code())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(re.escape(form_url) + "$"))
    assert page.input_value("#id_name") == "Sara Nilsson"
    assert page.get_by_label("torsdag").is_checked()
    _post_and_wait(page, "form.booking-form button[type=submit]", my_pages)

    registration = InterestRegistration.objects.get()
    assert registration.email == "sara@example.org"
    assert (registration.persons, registration.preferred_weekdays) == (2, [2, 4])
    assert registration.preferred_time_of_day == "evening"
    section = page.locator("section", has=page.locator("#interest-heading"))
    assert "KOMET 3–11" in section.inner_text()
    assert "tisdag, torsdag" in section.inner_text()
    assert page.get_by_text("Du står på intresselistan.").is_visible()

    # "Avanmäl" asks first; the red button withdraws.
    section.locator("summary").click()
    assert section.get_by_text("hamnar du sist i kön").is_visible()
    assert_no_wcag_violations(page)
    _shot(page, "02-my-pages")
    _post_and_wait(page, "details.withdraw button[type=submit]", my_pages)
    registration.refresh_from_db()
    assert registration.status == InterestStatus.WITHDRAWN
    assert page.locator("#interest-heading").count() == 0
