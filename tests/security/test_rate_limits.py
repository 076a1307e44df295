"""Rate limits: logins, failed logins, e-mail codes (allauth) and booking posts (ours)."""

import pytest
from django.core import mail
from django.urls import reverse

from bookings import ratelimits
from bookings.models import Booking
from parentsite.settings import base
from tests.conftest import read_in
from tests.factories import UserFactory
from tests.security.conftest import PASSWORD

FORM = {
    "persons": "1",
    "child_age_band": "",
    "interpreter_language": "",
    "name": "Sara Nilsson",
    "phone": "070-123 45 67",
}


@pytest.fixture
def allauth_limits(settings):
    """The limits production runs with (the test settings turn them off)."""
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    return settings


def test_the_configured_limits_parse():
    assert ratelimits.parse_rate(base.BOOKING_RATE_LIMITS["ip"]) == (30, 600)
    assert ratelimits.parse_rate(base.BOOKING_RATE_LIMITS["user"]) == (10, 600)
    assert ratelimits.parse_rate("5/h") == (5, 3600)


def test_failed_logins_lock_the_address_for_a_while(client, allauth_limits, parent):
    read_in(client, "en")
    for _attempt in range(5):
        response = client.post(
            reverse("account_login"), {"login": parent.email, "password": "wrong"}
        )
        assert "password you specified are not correct" in response.content.decode()
    # The sixth try is refused even with the right password, and the page says why.
    response = client.post(reverse("account_login"), {"login": parent.email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_page_posts_are_limited_per_address(client, allauth_limits, db):
    allauth_limits.ACCOUNT_RATE_LIMITS = {**base.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    read_in(client, "en")
    wrong = {"login": "a@example.org", "password": "x"}
    for _attempt in range(2):
        assert client.post(reverse("account_login"), wrong).status_code == 200
    response = client.post(reverse("account_login"), wrong)
    assert response.status_code == 429
    page = response.content.decode()
    assert "<h1>Too many attempts</h1>" in page
    assert 'href="/static/css/site.css"' in page  # the site's own look, not a bare page


def test_e_mail_codes_to_one_address_are_limited(
    client, allauth_limits, parent, django_capture_on_commit_callbacks
):
    read_in(client, "en")
    for _attempt in range(3):
        with django_capture_on_commit_callbacks(execute=True):  # the worker sends each code
            client.post(reverse("account_request_login_code"), {"email": parent.email})
        client.cookies.pop("sessionid", None)  # a new visitor each time, same address
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": parent.email})
    assert len(mail.outbox) == 3  # no fourth code
    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.content.decode()


@pytest.fixture
def booking_limits(settings):
    settings.BOOKING_RATE_LIMITS = {"ip": "4/10m", "user": "2/10m"}
    return settings


def test_booking_posts_from_one_parent_are_limited_and_keep_what_was_typed(
    client, booking_limits, make_offering
):
    read_in(client, "en")
    client.force_login(UserFactory())
    offering = make_offering()
    url = reverse("bookings:book", args=[offering.pk])
    for _attempt in range(2):
        assert client.post(url, {**FORM, "phone": "abc"}).status_code == 400  # a typing mistake

    response = client.post(url, {**FORM, "name": "Sara Nilsson", "phone": "070-765 43 21"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have sent this form many times in a short while." in page
    assert 'value="Sara Nilsson"' in page
    assert 'value="070-765 43 21"' in page
    assert Booking.objects.count() == 0


def test_booking_posts_from_one_address_are_limited(client, booking_limits, make_offering):
    offering = make_offering()
    url = reverse("bookings:book", args=[offering.pk])
    for _attempt in range(4):
        client.force_login(UserFactory())  # different parents behind one address
        client.post(url, FORM)
    assert Booking.objects.count() == 4
    client.force_login(UserFactory())
    assert client.post(url, FORM).status_code == 429
    # Another address is not affected.
    response = client.post(url, FORM, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 302
    assert Booking.objects.count() == 5


def test_ipv6_clients_are_counted_by_their_network():
    from django.test import RequestFactory

    one = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:2::10")
    other = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:2:ffff::1")
    assert ratelimits.client_ip(one) == ratelimits.client_ip(other) == "2001:db8:1:2::"


def test_the_cache_holds_no_address(booking_limits, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache

    request = rf.post("/", REMOTE_ADDR="198.51.100.23")
    request.user = AnonymousUser()
    ratelimits.consume(request, action="book", limits={"ip": "1/m"})
    keys = list(cache._cache.keys())  # LocMemCache
    assert keys and not any("198.51.100.23" in key for key in keys)


def test_guessing_the_apps_code_is_limited_too(client, allauth_limits, staff):
    from tests.security.conftest import totp_code

    read_in(client, "en")
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    wrong = "000000" if totp_code() != "000000" else "111111"
    for _attempt in range(5):
        assert client.post(reverse("mfa_authenticate"), {"code": wrong}).status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_cache_outage_never_stops_a_booking(client, booking_limits, make_offering, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "incr", broken)
    client.force_login(UserFactory())
    offering = make_offering()
    response = client.post(reverse("bookings:book", args=[offering.pk]), FORM)
    assert response.status_code == 302
    assert Booking.objects.count() == 1
