"""A real Chromium (Debian's package) driven by Playwright against the live test server, and
the two checks the browser tests make on pages: axe-core's WCAG scan and the
Content-Security-Policy watcher.

Without Chromium or axe-core a local run skips what needs them, and says so loudly at the end
of the run; under CI (environment CI=true) their absence fails the run instead.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI", "").lower() in {"true", "1", "yes"}
AXE = Path(__file__).resolve().parents[2] / "var/axe/node_modules/axe-core/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
MISSING = "NOT TESTED"  # in the reason of every skip for a missing tool (the summary counts them)
NO_CHROMIUM = f"{MISSING}: Chromium is not installed (`make chromium`; CI fails here)"
NO_AXE = f"{MISSING}: axe-core is not installed in var/axe (`make test` does it; CI fails here)"

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are
# in their own threads, so Django's async-safety check does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Locally the browser tests are skipped without Chromium; under CI they run and fail.
needs_chromium = pytest.mark.skipif(CHROMIUM is None and not IN_CI, reason=NO_CHROMIUM)


def missing_tool(reason: str) -> None:
    """Skip (locally) or fail (CI) a test whose tool is missing."""
    if IN_CI:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter):
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if MISSING in str(getattr(report, "longrepr", ""))
    ]
    if not skipped:
        return
    reasons = sorted({str(report.longrepr[2]) for report in skipped})
    terminalreporter.write_sep("!", f"{len(skipped)} BROWSER TESTS DID NOT RUN", red=True)
    for reason in reasons:
        terminalreporter.write_line(f"  {reason}", red=True, bold=True)


# --- axe-core -------------------------------------------------------------------------------


def _inject_axe(page, how: str) -> None:
    if how == "script_tag":  # an inline <script>: the page's context must bypass its CSP
        page.add_script_tag(path=str(AXE))
    elif how == "evaluate":  # through the DevTools protocol, which no CSP stops
        page.evaluate(AXE.read_text())
    elif how == "own_script":  # as a script of the site itself, allowed by script-src 'self'
        page.route("**/__axe.min.js", lambda route: route.fulfill(path=str(AXE)))
        page.add_script_tag(url="/__axe.min.js")
    else:
        raise ValueError(how)


def axe_violations(page, *, how: str = "script_tag") -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now.

    Fails unless axe-core really ran: the result must be axe-core's own, with rules that
    passed or failed (a missing script, a stub or a scan that checked nothing is no scan).
    """
    if not AXE.exists():
        missing_tool(NO_AXE)
    _inject_axe(page, how)
    # Colours are checked as they end up: a message still fading in (Wagtail's) would be
    # measured half-transparent. Finite animations are played to their end at once (waiting
    # for them would take 25 s for the admin's pulsing badge); endless ones (a spinner) stay.
    result = page.evaluate(
        """async tags => {
            if (typeof axe === "undefined") return null;
            document.getAnimations()
                .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
                .forEach(a => a.finish());
            return axe.run(document, {runOnly: {type: "tag", values: tags}});
        }""",
        WCAG_TAGS,
    )
    assert result is not None, "axe-core did not load on the page"
    assert result.get("testEngine", {}).get("name") == "axe-core", "not axe-core's result"
    assert "violations" in result and "passes" in result, "not axe-core's result"
    assert result["passes"] or result["violations"], "axe-core checked no rule on the page"
    return [
        {
            "id": item["id"],
            "impact": item["impact"],
            "targets": [node["target"] for node in item["nodes"]][:5],
        }
        for item in result["violations"]
    ]


def assert_no_wcag_violations(page, *, how: str = "script_tag") -> None:
    problems = axe_violations(page, how=how)
    assert problems == [], json.dumps(problems, indent=1)


# --- Content-Security-Policy ----------------------------------------------------------------

# Every CSP violation the page reports, collected from the moment a document starts.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def watch_csp(context) -> None:
    """Collect every page's CSP violations in `window.__cspViolations` (read them with
    `csp_violations_on`)."""
    context.add_init_script(WATCH_CSP)


def csp_violations_on(page) -> list[str]:
    """What the Content-Security-Policy blocked on the page so far. Fails when the watcher was
    not there to see it (no list is not an empty list)."""
    reported = page.evaluate("window.__cspViolations")
    assert isinstance(reported, list), f"no CSP watcher on {page.url}: nothing was checked"
    return reported


@pytest.fixture(scope="session")
def chromium_browser():
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        missing_tool(NO_CHROMIUM)
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


def in_language(path: str, language: str) -> str:
    """The address of the (Swedish) `path` in `language`, as the language switch links it."""
    from django.urls import translate_url
    from django.utils import translation

    with translation.override("sv"):
        return translate_url(path, language)
