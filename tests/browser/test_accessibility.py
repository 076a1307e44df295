"""axe-core scans every page a parent passes through, on a phone, in Swedish and English.

WCAG 2.1 A and AA rules (Swedish law for public digital services). axe-core comes from the npm
registry (`make test` installs it into var/axe); without it these tests are skipped locally and
fail under CI (see conftest.py).
"""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from bookings.models import Booking, BookingStatus, Offering
from tests.browser import conftest as checks
from tests.browser.conftest import (
    assert_no_wcag_violations,
    axe_violations,
    in_language,
    needs_chromium,
)

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def violations(page) -> list[dict]:
    return axe_violations(page, how="script_tag")


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
        open_group.program.relative_url(open_group.program.get_site()),
        full.program.relative_url(full.program.get_site()),
        reverse("bookings:book", args=[open_group.pk]),
        reverse("bookings:book", args=[full.pk]),
        reverse("bookings:manage", args=[confirmed.token]),
        reverse("bookings:manage", args=[waitlisted.token]),
        reverse("bookings:cancel", args=[confirmed.token]),
        reverse("account_request_login_code"),
        "/sok/?q=KOMET",
    ]


@pytest.mark.parametrize("language", ["sv", "en", "ar"])
def test_parent_pages_have_no_wcag_violations(live_server, parent_page, language):
    """Each page at phone and at desktop width: loaded at one, scanned, resized, scanned again
    (the layout follows the new width as it does when a window is resized)."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    found = {}
    for path in parent_pages():
        parent_page.set_viewport_size({"width": 390, "height": 900})
        parent_page.goto(live_server.url + in_language(path, language))
        for width in (390, 1280):
            parent_page.set_viewport_size({"width": width, "height": 900})
            assert parent_page.evaluate("window.innerWidth") == width
            problems = violations(parent_page)
            if problems:
                found[f"{path} at {width} px"] = problems
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


# --- Controls: the scan fails a page that has a violation, and fails when it did not scan ----

# A loopback address that nothing listens on: Playwright answers every request itself.
CHECKS_ORIGIN = "http://127.0.0.1:9"
UNLABELLED = (
    '<!DOCTYPE html><html lang="en"><head><title>Search</title></head><body><main>'
    '<h1>Search</h1><form><input type="text" name="q"><button>Search</button></form>'
    "</main></body></html>"
)
LABELLED = UNLABELLED.replace(
    '<input type="text" name="q">',
    '<label for="q">Words</label><input type="text" name="q" id="q">',
)
AXE_WAYS = ["script_tag", "evaluate", "own_script"]


@pytest.fixture
def page_with(chromium_browser):
    """A page showing `html`, served at CHECKS_ORIGIN by Playwright itself."""
    contexts = []

    def open_page(html: str):
        context = chromium_browser.new_context()
        contexts.append(context)
        context.route(
            f"{CHECKS_ORIGIN}/", lambda route: route.fulfill(body=html, content_type="text/html")
        )
        page = context.new_page()
        page.goto(f"{CHECKS_ORIGIN}/")
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("how", AXE_WAYS)
def test_control_the_scan_fails_a_page_with_an_unlabelled_input(page_with, how):
    with pytest.raises(AssertionError) as failure:
        assert_no_wcag_violations(page_with(UNLABELLED), how=how)
    assert '"id": "label"' in str(failure.value)
    assert_no_wcag_violations(page_with(LABELLED), how=how)  # and passes it once labelled


@pytest.mark.parametrize(
    ("script", "complaint"),
    [
        ("/* loads, defines nothing */", "axe-core did not load"),
        ("window.axe = {run: async () => ({violations: []})};", "not axe-core's result"),
        (
            "window.axe = {run: async () => ({testEngine: {name: 'axe-core'}, violations: [],"
            " passes: []})};",
            "checked no rule",
        ),
    ],
    ids=["no-axe", "stub", "checked-nothing"],
)
@pytest.mark.parametrize("how", AXE_WAYS)
def test_control_the_scan_fails_when_axe_did_not_run(
    page_with, monkeypatch, tmp_path, how, script, complaint
):
    fake = tmp_path / "axe.min.js"
    fake.write_text(script)
    monkeypatch.setattr(checks, "AXE", fake)
    with pytest.raises(AssertionError, match=complaint):
        axe_violations(page_with(UNLABELLED), how=how)


def test_control_without_axe_core_the_scan_skips_locally_and_fails_under_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(checks, "AXE", tmp_path / "not-installed.js")
    monkeypatch.setattr(checks, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="axe-core is not installed"):
        axe_violations(None)
    monkeypatch.setattr(checks, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="axe-core is not installed"):
        axe_violations(None)
