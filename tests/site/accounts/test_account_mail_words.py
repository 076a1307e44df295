"""Every e-mail allauth sends for this site (login code, address check, unknown address, an
account that already exists, a password link) has a text part and an HTML part that say the same
thing, in our words and in the reader's language, never allauth's defaults."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from bookings.models import EmailSettings, OutboxMessage
from tests.conftest import read_in
from tests.email_words import words_of_html, words_of_text
from tests.site.accounts.conftest import make_parent

pytestmark = pytest.mark.django_db

# Words of allauth's own templates (English and their Swedish translations) that ours replace.
ALLAUTH_DEFAULTS = [
    "Hello from",
    "Thank you for using",
    "You're receiving this email",
    "You are receiving this email",
    "Vänligen ange den i ditt öppna webbläsarfönster",
    "Hej från",
    "Tack för att du använder",
    "Du får detta",
    "Unknown Account",
    "Password Reset",
    "Account Already Exists",
]


def sent_by(action, language: str) -> OutboxMessage:
    client = Client()
    read_in(client, language)
    action(client)
    (message,) = OutboxMessage.objects.filter(kind=OutboxMessage.ACCOUNT_KIND).order_by("-pk")[:1]
    return message


def request_code(address):
    return lambda client: client.post(reverse("account_request_login_code"), {"email": address})


def reset_password(address):
    return lambda client: client.post(reverse("account_reset_password"), {"email": address})


def sign_up(address):
    return lambda client: client.post(
        reverse("account_signup"), {"email": address, "password1": "en-lång-fras-2026"}
    )


def add_address(address):
    def action(client):
        client.force_login(get_user_model().objects.get(email="sara@example.org"))
        client.post(reverse("account_email"), {"action_add": "", "email": address})

    return action


# (what the parent or staff member does, a sentence of ours in English and Swedish)
MESSAGES = {
    "login code": (
        request_code("sara@example.org"),
        "Here is your code.",
        "Här är din kod.",
    ),
    "unknown address": (
        request_code("nobody@example.org"),
        "no account uses it",
        "inget konto använder den",
    ),
    "unknown address, new password": (
        reset_password("nobody@example.org"),
        "asked for a new password for this address",
        "bad om ett nytt lösenord för den här adressen",
    ),
    "account already exists": (
        sign_up("sara@example.org"),
        "you already have one",
        "du har redan ett",
    ),
    "password link": (
        reset_password("sara@example.org"),
        "choose a new password",
        "välja ett nytt lösenord",
    ),
    "new address": (
        add_address("ny@example.org"),
        "confirm this e-mail address",
        "bekräfta e-postadressen",
    ),
}


@pytest.fixture
def sara(site_pages):
    return make_parent("sara@example.org")


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("kind", list(MESSAGES))
def test_text_and_html_say_the_same_in_our_words(sara, kind, language):
    action, english, swedish = MESSAGES[kind]
    message = sent_by(action, language)

    ours = english if language == "en" else swedish
    assert ours.lower() in message.body_text.lower()
    assert message.body_html, "no HTML part"
    assert words_of_text(message.body_text) == words_of_html(message.body_html)
    for default in ALLAUTH_DEFAULTS:
        assert default.lower() not in (message.subject + message.body_text).lower()
    assert "{{" not in message.body_text and "{%" not in message.body_html
    if language == "sv":
        assert english.lower() not in message.body_text.lower()
    if kind == "unknown address, new password":  # nobody asked for a login code
        assert "code" not in message.body_text and "kod" not in message.body_text


def test_the_links_lead_to_the_right_pages(sara):
    message = sent_by(MESSAGES["account already exists"][0], "sv")
    assert "http://testserver" + reverse("account_request_login_code") in message.body_text
    message = sent_by(MESSAGES["unknown address"][0], "sv")
    assert "http://testserver" + reverse("account_signup") in message.body_text
    message = sent_by(MESSAGES["password link"][0], "sv")
    link = re.search(r"https?://\S+/password/reset/key/\S+", message.body_text).group(0)
    assert f'href="{link}"' in message.body_html


def test_signed_by_the_municipality_as_its_booking_e_mails_are(sara):
    EmailSettings.objects.create(
        site=Site.objects.get(is_default_site=True), sender_name="Föräldrastöd Gnesta kommun"
    )
    message = sent_by(MESSAGES["login code"][0], "sv")
    assert "Vänliga hälsningar\nFöräldrastöd Gnesta kommun" in message.body_text
    assert "Föräldrastöd Gnesta kommun" in message.subject + message.body_html
