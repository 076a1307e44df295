"""Security headers on every response: a strict CSP on the public site, a looser one in the admin,
and the usual others; cookies that scripts cannot read; templates without inline code."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import UserFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


def assert_usual_headers(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.fixture
def offering(make_offering):
    return make_offering()


def test_public_pages_get_the_strict_policy(client, offering):
    for url in ("/", offering.program.url, reverse("search") + "?q=x"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == STRICT, url
        assert response["X-Frame-Options"] == "DENY"
        assert_usual_headers(response)


def test_parent_pages_get_the_strict_policy(client, offering, settings):
    client.force_login(UserFactory())
    for url in (
        reverse("bookings:book", args=[offering.pk]),
        reverse(settings.LOGIN_REDIRECT_URL),
        reverse("mfa_index"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == STRICT, url
        assert_usual_headers(response)


def test_login_pages_redirects_errors_and_429s_get_it_too(client, offering, settings):
    for url in (reverse("account_login"), reverse("account_request_login_code")):
        assert client.get(url)["Content-Security-Policy"] == STRICT
    assert client.get("/admin/")["Content-Security-Policy"]  # a redirect to the login
    assert client.get("/no-such-page/")["Content-Security-Policy"] == STRICT  # 404
    settings.BOOKING_RATE_LIMITS = {"ip": "0/m"}
    response = client.post(reverse("bookings:book", args=[offering.pk]), {})
    assert response.status_code == 429
    assert response["Content-Security-Policy"] == STRICT


def test_the_admin_gets_the_looser_policy_it_needs(client, db):
    """Wagtail's date pickers are inline scripts, its editor adds <style> elements, its preview
    panel frames the page: nothing else is loosened."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    directives = response["Content-Security-Policy"].split("; ")
    policy = dict(directive.split(" ", 1) for directive in directives)
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["img-src"] == "'self' data: blob:"
    assert policy["frame-ancestors"] == "'self'"
    for directive in ("default-src", "connect-src", "form-action", "base-uri", "font-src"):
        assert policy[directive] == "'self'", directive
    assert policy["object-src"] == "'none'"
    assert_usual_headers(response)


def test_a_view_that_sets_its_own_policy_keeps_it(client, offering):
    """The booking's own page narrows the referrer policy itself; the middleware leaves it."""
    from tests.factories import BookingFactory

    booking = BookingFactory(offering=offering)
    response = client.get(reverse("bookings:manage", args=[booking.token]))
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Content-Security-Policy"] == STRICT


def test_cookies_are_out_of_reach_of_scripts_and_other_sites(client, offering, parent):
    from tests.security.conftest import PASSWORD

    client.get(reverse("bookings:book", args=[offering.pk]))
    csrf = client.cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"
    client.post(reverse("account_login"), {"login": parent.email, "password": PASSWORD})
    session = client.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    client.get("/en/")
    assert "django_language" not in client.cookies  # the language is in the address


# Inline code the strict policy would block. E-mail templates do not count: mail apps need
# inline styles, and mail is not served under the site's policy.
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>"),
    "style attribute": re.compile(r"\sstyle=", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: link": re.compile(r"javascript:", re.I),
}


def test_templates_have_no_inline_scripts_styles_or_handlers():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        relative = path.relative_to(TEMPLATES).as_posix()
        if relative.startswith("emails/") or "/email/" in relative:
            continue
        text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", path.read_text(), flags=re.S)
        found += [f"{relative}: {name}" for name, pattern in INLINE.items() if pattern.search(text)]
    assert found == []
