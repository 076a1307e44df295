"""A real Chromium (Debian's package) driven by Playwright against the live test server."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are
# in their own threads, so Django's async-safety check does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


@pytest.fixture(scope="session")
def chromium_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def parent_page(chromium_browser):
    # bypass_csp: axe-core is injected as an inline script, which the site's Content-Security-
    # Policy refuses (test_security_browser.py checks the policy itself, without this).
    context = chromium_browser.new_context(
        locale="sv-SE", viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def wagtail_tree(live_server):
    """The locale and root page that migrations create, in case an earlier transactional test
    (these run with a flushed database) left the tables empty."""
    from django.conf import settings
    from wagtail.models import Locale, Page

    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root", locale=locale)


# The authenticator app's secret `staff_login` gives staff members who have none.
STAFF_TOTP_SECRET = "KRUGKIDROVUWG2ZANNZG653OEBTG66A3"


@pytest.fixture
def staff_login(live_server, settings):
    """Log a staff member in the way staff log in, with production's rule that staff need a
    second factor: /admin/login/ (allauth's page) -> e-mail and password -> the 6-digit code of
    their authenticator app. Gives the user a verified e-mail address and an authenticator app
    (STAFF_TOTP_SECRET) when they have none; the demo's staff have theirs. Use:
    `staff_login(page, user, password, next_url=...)`; the page ends on `next_url` (default:
    the admin's dashboard).
    """
    import re
    import time
    from urllib.parse import quote

    from allauth.account.models import EmailAddress
    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt
    from django.core.cache import cache

    settings.STAFF_REQUIRE_MFA = True

    def login(page, user, password: str, *, next_url: str = "/admin/") -> None:
        cache.clear()  # forget codes used by earlier tests (a user id may come back)
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        app = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if app is None:
            app = TOTP.activate(user, STAFF_TOTP_SECRET).instance
        secret = decrypt(app.data["secret"])
        page.goto(f"{live_server.url}/admin/login/?next={quote(next_url)}")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", password)
        page.press("input[name=password]", "Enter")
        page.wait_for_url(re.compile(r"/2fa/authenticate/$"))
        counter = int(time.time()) // mfa_settings.TOTP_PERIOD
        page.fill("input[name=code]", format_hotp_value(hotp_value(secret, counter)))
        page.press("input[name=code]", "Enter")
        page.wait_for_url(re.compile(re.escape(next_url) + "$"))

    return login
