"""axe-core scans every page a parent passes through, on a phone, in Swedish and English.

WCAG 2.1 A and AA rules (Swedish law for public digital services). axe-core comes from the npm
registry (`make test` installs it into var/axe); without it this module is skipped.
"""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from bookings.models import Booking, BookingStatus, Offering
from tests.browser.conftest import needs_chromium

AXE = (
    Path(__file__).resolve().parents[2] / "var" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make test does it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {
            "id": item["id"],
            "impact": item["impact"],
            "targets": [node["target"] for node in item["nodes"]][:5],
        }
        for item in result["violations"]
    ]


def parent_pages() -> list[str]:
    """The pages of the parent's journey, in the demo content."""
    full = Offering.objects.get(program__slug="komet-12-18")
    open_group = offering_open_for_booking("komet-3-11")
    confirmed = Booking.objects.filter(status=BookingStatus.CONFIRMED).first()
    waitlisted = Booking.objects.filter(status=BookingStatus.WAITLISTED).first()
    return [
        "/",
        "/program/",
        "/program/?kind=course&child_age=7",
        open_group.program.url,
        full.program.url,
        reverse("bookings:book", args=[open_group.pk]),
        reverse("bookings:book", args=[full.pk]),
        reverse("bookings:manage", args=[confirmed.token]),
        reverse("bookings:manage", args=[waitlisted.token]),
        reverse("bookings:cancel", args=[confirmed.token]),
        reverse("account_request_login_code"),
        "/sok/?q=KOMET",
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_parent_pages_have_no_wcag_violations(live_server, parent_page, language):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    parent_page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    found = {}
    for path in parent_pages():
        parent_page.goto(live_server.url + path)
        problems = violations(parent_page)
        if problems:
            found[path] = problems
    assert found == {}, json.dumps(found, indent=1)


def test_a_form_with_errors_has_no_wcag_violations(live_server, parent_page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    open_group = offering_open_for_booking("komet-3-11")
    parent_page.goto(live_server.url + reverse("bookings:book", args=[open_group.pk]))
    parent_page.fill("#id_phone", "not a number")
    parent_page.locator("form.booking-form button[type=submit]").click()
    parent_page.wait_for_selector("#form-errors")
    assert violations(parent_page) == []


def offering_open_for_booking(slug: str) -> Offering:
    """The demo program's offering that has not started (KOMET 3–11 also has running ones)."""
    from django.utils import timezone

    from bookings.selectors import with_availability

    return with_availability(Offering.objects.filter(program__slug=slug)).get(
        first_session_at__gt=timezone.now()
    )
