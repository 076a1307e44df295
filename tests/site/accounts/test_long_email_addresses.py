"""An e-mail address longer than the 254 characters an address may have (and the account and
booking tables keep) gets a translated form error with what was typed kept: never a 500.

Django's form field alone accepts 320 characters; PostgreSQL then refused the longer address
when the account or the outbox row was written (SQLite stores any length, so there the address
went through): both databases run these tests.
"""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from bookings.models import Booking, OutboxMessage
from tests.conftest import read_in
from tests.site.accounts.conftest import logged_in

TOO_LONG = "An e-mail address can be at most 254 characters long."


def address_of_length(length: int) -> str:
    """A well-formed address of exactly `length` characters (64 before the @)."""
    local = "a" * 64
    body_length = length - len(local) - len("@") - len(".se")
    body = (("b" * 62 + ".") * 5)[:body_length]
    if body.endswith("."):
        body = body[:-1] + "b"
    address = f"{local}@{body}.se"
    assert len(address) == length
    return address


@pytest.fixture
def english():
    client = Client()
    read_in(client, "en")
    return client


def nothing_written():
    return (
        get_user_model().objects.count(),
        EmailAddress.objects.count(),
        Booking.objects.count(),
        OutboxMessage.objects.count(),
        len(mail.outbox),
    )


def assert_refused_with_what_was_typed(response, address: str, *, status: int) -> None:
    assert response.status_code == status
    page = response.content.decode()
    assert TOO_LONG in page
    assert f'value="{address}"' in page
    assert 'maxlength="254"' in page  # the browser stops at the limit too


@pytest.mark.parametrize("length", [255, 300, 320])
def test_the_booking_form_refuses_an_address_over_254_characters(english, make_offering, length):
    offering = make_offering()
    before = nothing_written()
    address = address_of_length(length)
    response = english.post(
        reverse("bookings:book", args=[offering.pk]),
        {"persons": "1", "name": "Sara Nilsson", "email": address},
    )
    assert_refused_with_what_was_typed(response, address, status=400)
    assert 'value="Sara Nilsson"' in response.content.decode()
    assert nothing_written() == before


def test_the_booking_form_takes_an_address_of_exactly_254_characters(english, make_offering):
    offering = make_offering()
    address = address_of_length(254)
    response = english.post(
        reverse("bookings:book", args=[offering.pk]),
        {"persons": "1", "name": "Sara Nilsson", "email": address},
    )
    assert response.status_code == 302
    assert reverse("account_confirm_login_code") in response["Location"]
    assert EmailAddress.objects.filter(email=address).exists()


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("account_request_login_code", {}),
        ("account_login", {"password": "not-a-real-password"}),
        ("account_signup", {"password1": "a-long-enough-password-2026"}),
        ("account_reset_password", {}),
    ],
)
def test_allauths_forms_refuse_an_address_over_254_characters(english, site_pages, url_name, data):
    field = "login" if url_name == "account_login" else "email"
    address = address_of_length(255)
    before = nothing_written()
    response = english.post(reverse(url_name), {field: address, **data})
    assert_refused_with_what_was_typed(response, address, status=200)
    assert nothing_written() == before


def test_adding_an_address_on_the_account_page_refuses_one_over_254_characters(site_pages):
    from tests.site.accounts.conftest import make_parent

    client = logged_in(make_parent("sara@example.org"))
    address = address_of_length(300)
    before = nothing_written()
    response = client.post(reverse("account_email"), {"email": address, "action_add": ""})
    assert_refused_with_what_was_typed(response, address, status=200)
    assert nothing_written() == before


def test_the_error_is_swedish_by_default(client, make_offering):
    offering = make_offering()
    response = client.post(
        reverse("bookings:book", args=[offering.pk]),
        {"persons": "1", "name": "Sara", "email": address_of_length(255)},
    )
    assert "En e-postadress kan ha högst 254 tecken." in response.content.decode()
