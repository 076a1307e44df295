"""Security in a real Chromium: staff log in with their app's code, and the Content-Security-Policy
blocks nothing the site itself needs, on public, parent and admin pages. The two-step login
pages and the booking form with its honeypot pass axe-core's WCAG 2.1 AA scan."""

import re
import time
from types import SimpleNamespace

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from django.urls import reverse

from bookings.models import Booking, BookingStatus, Offering
from parentsite.demo.accounts import ADMIN, ORGANIZER
from tests.browser.conftest import (
    assert_no_wcag_violations,
    csp_violations_on,
    in_language,
    needs_chromium,
    watch_csp,
)

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def watched_page(chromium_browser):
    context = chromium_browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo(live_server, transactional_db):
    """The demo, loaded once the test's database is ready."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def csp_violations(page, live_server, paths) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        reported = csp_violations_on(page)
        if reported:
            found[path] = reported
    return found


def test_public_and_parent_pages_run_under_the_strict_policy(live_server, watched_page, demo):
    open_group = Offering.objects.filter(program__slug="komet-3-11").first()
    booking = Booking.objects.filter(status=BookingStatus.CONFIRMED).first()
    paths = [
        "/",
        "/program/",
        open_group.program.relative_url(open_group.program.get_site()),
        reverse("bookings:book", args=[open_group.pk]),
        reverse("bookings:manage", args=[booking.token]),
        reverse("account_request_login_code"),
        reverse("account_login"),
        "/sok/?q=KOMET",
    ]
    response = watched_page.goto(live_server.url + "/")
    assert "script-src 'self';" in response.headers["content-security-policy"]
    assert csp_violations(watched_page, live_server, paths) == {}


def test_the_demo_admin_logs_in_with_the_apps_code_and_the_admin_works(
    live_server, watched_page, demo, staff_login
):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(email=ADMIN.email)
    staff_login(watched_page, admin, ADMIN.password)
    offering = Offering.objects.filter(program__slug="komet-3-11").first()
    session = offering.sessions.first()
    program = offering.program
    paths = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{program.pk}/edit/",
        "/admin/images/",
        "/admin/users/",
        "/admin/bookings/offerings/",
        f"/admin/bookings/sessions/edit/{session.pk}/",  # date and time pickers
        reverse("organize:offering", args=[offering.pk]),
        reverse("organize:attendance", args=[offering.pk]),
        reverse("organize:session_attendance", args=[offering.pk, session.pk]),
        reverse("organize:print_list", args=[offering.pk]),
        reverse("organize:statistics"),
        # A public page, now with Wagtail's user bar for staff.
        program.relative_url(program.get_site()),
    ]
    assert csp_violations(watched_page, live_server, paths) == {}

    # The page editor's preview panel frames the page (frame-ancestors 'self' in the admin).
    watched_page.goto(f"{live_server.url}/admin/pages/{program.pk}/edit/")
    watched_page.locator("[data-side-panel-toggle='preview']").first.click()
    frame = watched_page.frame_locator("iframe[src*='in_preview_panel']")
    assert frame.locator("h1").first.inner_text() == program.title
    assert csp_violations_on(watched_page) == []


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def _assert_accessible(page) -> None:
    """axe-core's WCAG 2.1 AA scan, loaded as a script of the site itself (the policy allows
    no inline script, which is how Playwright would otherwise add it)."""
    assert_no_wcag_violations(page, how="own_script")


def test_setting_up_the_app_is_accessible_and_ends_in_the_admin(
    live_server, watched_page, demo, settings
):
    """A new organizer's first login: password, then the app is set up before the admin opens."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model

    settings.STAFF_REQUIRE_MFA = True
    organizer = get_user_model().objects.get(email=ORGANIZER.email)
    Authenticator.objects.filter(user=organizer).delete()  # as if new: no app yet
    page = watched_page  # in Swedish: staff log in at /admin/, outside the languages' addresses

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("input[name=login]", ORGANIZER.email)
    page.fill("input[name=password]", ORGANIZER.password)
    page.press("input[name=password]", "Enter")
    # allauth asks for the password once more before the login itself changes.
    page.wait_for_url(re.compile(r"/konto/reauthenticate/"))
    page.fill("input[name=password]", ORGANIZER.password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(r"/2fa/totp/activate/"))
    assert page.get_by_role("img", name="QR-kod för din autentiseringsapp").is_visible()
    _assert_accessible(page)

    page.fill("input[name=code]", "000000" if _code("A" * 32) != "000000" else "111111")
    page.press("input[name=code]", "Enter")
    page.wait_for_selector("#form-errors")
    _assert_accessible(page)  # the form with its error
    secret = page.locator("#authenticator-key").inner_text().strip()
    page.fill("input[name=code]", _code(secret))
    page.press("input[name=code]", "Enter")
    page.wait_for_url(re.compile(r"/2fa/recovery-codes/$"))
    assert page.locator("main li code").count() == 10
    _assert_accessible(page)

    page.get_by_role("link", name="Fortsätt till personalsidorna").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert csp_violations_on(page) == []

    # Next time: the code page of the login.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=login]", ORGANIZER.email)
    page.fill("input[name=password]", ORGANIZER.password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(r"/2fa/authenticate/$"))
    _assert_accessible(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_booking_form_with_its_honeypot_is_accessible(
    live_server, watched_page, demo, language
):
    page = watched_page
    page.set_viewport_size({"width": 390, "height": 844})
    open_group = Offering.objects.filter(program__slug="komet-3-11").first()
    page.goto(
        live_server.url + in_language(reverse("bookings:book", args=[open_group.pk]), language)
    )
    # Out of sight (a 1-pixel clipped box) and out of the accessibility tree.
    box = page.locator("div.visually-hidden:has(input[name=website])").bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1
    assert page.get_by_role("textbox", name=re.compile("website|empty|tomt", re.I)).count() == 0
    # Tabbing through the form never lands in the honeypot.
    for _press in range(40):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") != "website"
    _assert_accessible(page)
    page.fill("#id_phone", "not a number")
    page.locator("form.booking-form button[type=submit]").click()
    page.wait_for_selector("#form-errors")
    _assert_accessible(page)


# --- Controls: the policy check sees a violation, and fails when nothing watched ------------

CHECKS_ORIGIN = "http://127.0.0.1:9"  # nothing listens here: Playwright answers itself
INLINE_SCRIPT = "<!DOCTYPE html><html><body><script>document.title = 'ran';</script></body></html>"


def serve(context, html: str, policy: str | None) -> SimpleNamespace:
    headers = {"Content-Security-Policy": policy} if policy else {}
    context.route(
        f"{CHECKS_ORIGIN}/",
        lambda route: route.fulfill(body=html, content_type="text/html", headers=headers),
    )
    return SimpleNamespace(url=CHECKS_ORIGIN)


def test_control_the_policy_check_reports_a_blocked_inline_script(chromium_browser):
    context = chromium_browser.new_context()
    watch_csp(context)
    page = context.new_page()
    try:
        server = serve(context, INLINE_SCRIPT, "script-src 'self'")
        found = csp_violations(page, server, ["/"])
        assert list(found) == ["/"]
        assert found["/"][0].startswith("script-src")
        assert page.title() == ""  # the script was blocked, not run
        # The same page without the policy: the script runs and nothing is reported.
        context.unroute(f"{CHECKS_ORIGIN}/")
        assert csp_violations(page, serve(context, INLINE_SCRIPT, None), ["/"]) == {}
        assert page.title() == "ran"
    finally:
        context.close()


def test_control_a_page_nobody_watched_fails_the_policy_check(chromium_browser):
    context = chromium_browser.new_context()  # no watch_csp: window.__cspViolations is undefined
    page = context.new_page()
    try:
        server = serve(context, INLINE_SCRIPT, "script-src 'self'")
        with pytest.raises(AssertionError, match="no CSP watcher"):
            csp_violations(page, server, ["/"])
    finally:
        context.close()
