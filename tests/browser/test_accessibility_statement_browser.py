"""The accessibility statement in Chromium on a phone (390 px): axe-core finds no WCAG
violation on the statement, on its feedback form with an error, or after a message is sent,
in both demo municipalities, and the page does not scroll sideways."""

import pytest
from django.core.management import call_command

from bookings.models import OutboxMessage
from tests.browser.conftest import assert_no_wcag_violations, needs_chromium

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Chromium sends every *.localhost name to this machine; Wagtail picks Sollentuna by its name.
HOSTS = {"Gnesta kommun": "localhost", "Sollentuna kommun": "sollentuna.localhost"}


@pytest.mark.parametrize("municipality", list(HOSTS))
def test_the_statement_and_its_form_have_no_wcag_violations(live_server, parent_page, municipality):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    url = live_server.url.replace("localhost", HOSTS[municipality]) + "/tillganglighet/"
    parent_page.goto(url)
    assert municipality in parent_page.locator(".lead").inner_text()
    assert_no_wcag_violations(parent_page)
    # Nothing widens the page beyond the phone's 390 px, not even the title's long word.
    assert parent_page.evaluate("document.documentElement.scrollWidth") <= 390

    parent_page.locator(".feedback-form button[type=submit]").click()  # nothing written
    parent_page.wait_for_selector("#form-errors")
    assert_no_wcag_violations(parent_page)

    parent_page.fill("#id_message", "Kartan går inte att läsa med skärmläsare.")
    parent_page.locator(".feedback-form button[type=submit]").click()
    parent_page.wait_for_selector(".messages")
    assert "Tack!" in parent_page.locator(".messages").inner_text()
    assert_no_wcag_violations(parent_page)
    assert OutboxMessage.objects.filter(kind="accessibility_feedback").count() == 1
