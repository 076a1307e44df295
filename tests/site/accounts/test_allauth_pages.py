"""Every allauth page a parent can reach is in the site's own look and speaks Swedish (or
English when chosen): log in by code (the default), the code, an optional password, log out,
change of e-mail address with its code, password pages, sign-up."""

import html
import re
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import read_in
from tests.site.accounts.conftest import logged_in, make_parent

PASSWORD = "a-long-parent-password-2026"
CATALOGUE = Path(__file__).resolve().parents[3] / "locale" / "sv" / "LC_MESSAGES" / "django.po"
# allauth's own English that our templates replace; none may show on a Swedish page.
ALLAUTH_ENGLISH = [
    "Sign In",
    "Sign Out",
    "Sign Up",
    "Menu:",
    "Messages:",
    "Email Addresses",
    "Change Email",
    "Request Code",
    "Send me a sign-in code",
    "Other sign-in options",
    "Remember Me",
    "Set Password",
    "Change Password",
    "Password Reset",
    "Successfully signed in",
    "Enter Sign-In Code",
    "Current email",
]


def _swedish_catalogue() -> list[str]:
    """Our English msgids that have a different Swedish translation (two words or more)."""
    return sorted(
        entry.msgid
        for entry in polib.pofile(str(CATALOGUE)).translated_entries()
        if " " in entry.msgid and entry.msgstr != entry.msgid and "%" not in entry.msgid
    )


OUR_ENGLISH = _swedish_catalogue()


def main_texts(page: str) -> set[str]:
    """The text nodes of <main> (a heading, a label, a button, a sentence), whitespace folded."""
    main = re.search(r"<main\b.*?</main>", page, re.S).group(0)
    nodes = re.split(r"<[^>]+>", main)
    texts = (re.sub(r"\s+", " ", html.unescape(text)).strip() for text in nodes)
    return {text for text in texts if text}


def anonymous(language: str) -> Client:
    client = Client()
    read_in(client, language)
    return client


def code_requested(language: str) -> Client:
    """A visitor who asked for a login code and now sees the page to type it in."""
    client = anonymous(language)
    response = client.post(reverse("account_request_login_code"), {"email": "sara@example.org"})
    assert response["Location"].startswith(reverse("account_confirm_login_code"))
    return client


def email_change_requested(language: str) -> Client:
    user = make_parent("sara@example.org")
    client = logged_in(user, language=language)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    assert response["Location"] == reverse("account_email_verification_sent")
    return client


def with_password(language: str) -> Client:
    user = make_parent("sara@example.org")
    user.set_password(PASSWORD)
    user.save()
    return logged_in(user, language=language)


def without_password(language: str) -> Client:
    return logged_in(make_parent("sara@example.org"), language=language)


# (URL name, args, how to get there)
PAGES = [
    ("account_request_login_code", [], anonymous),
    ("account_login", [], anonymous),
    ("account_confirm_login_code", [], code_requested),
    ("account_signup", [], anonymous),
    ("account_reset_password", [], anonymous),
    ("account_reset_password_done", [], anonymous),
    ("account_reset_password_from_key", ["0", "not-a-key"], anonymous),
    ("account_inactive", [], anonymous),
    ("account_logout", [], without_password),
    ("account_email", [], without_password),
    ("account_email_verification_sent", [], email_change_requested),
    ("account_set_password", [], without_password),
    ("account_change_password", [], with_password),
    ("account_reauthenticate", [], with_password),
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("name", "args", "visitor"), PAGES, ids=[page[0] for page in PAGES])
def test_each_account_page_is_in_the_sites_look(site_pages, name, args, visitor, language):
    client = visitor(language)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, response.get("Location")
    page = response.content.decode()
    assert f'<html lang="{language}" dir="ltr">' in page
    assert '<body class="account-page">' in page  # our allauth layout
    assert 'class="site-header"' in page and 'class="site-footer"' in page  # templates/base.html
    assert 'href="/static/css/site.css"' in page
    assert re.search(r"<title>[^<]+ – [^<]+</title>", page)  # a page name, then the site's
    assert len(re.findall(r"<h1\b", page)) == 1
    for field in re.findall(r'<input\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', page):
        assert f'for="{field}"' in page, f"{field} has no label"
    if language == "sv":
        # A text that is exactly an English phrase with a Swedish translation is a leftover.
        texts = main_texts(page)
        leftovers = [phrase for phrase in ALLAUTH_ENGLISH + OUR_ENGLISH if phrase in texts]
        assert leftovers == []
        assert not [text for text in texts for phrase in ALLAUTH_ENGLISH if phrase in text]


def test_logging_in_by_code_is_the_default_and_a_password_is_optional(site_pages):
    page = anonymous("en").get(reverse("account_request_login_code")).content.decode()
    assert "<h1>Log in</h1>" in page and "You need no password." in page
    assert f'href="{reverse("account_login")}"' in page  # "Log in with a password instead"
    page = anonymous("en").get(reverse("account_login")).content.decode()
    assert 'type="password"' in page
    assert f'href="{reverse("account_request_login_code")}"' in page


def test_a_parent_logs_in_with_a_chosen_password(site_pages):
    user = make_parent("sara@example.org")
    user.set_password(PASSWORD)
    user.save()
    response = anonymous("en").post(
        reverse("account_login"), {"login": "sara@example.org", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("mypages:index")
    page = response.content.decode()
    assert "You are logged in." in page
    assert "Successfully signed in as" not in page  # allauth's message names the user


def test_a_parent_without_a_password_can_choose_one(site_pages):
    client = without_password("en")
    response = client.post(
        reverse("account_set_password"), {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    client.logout()
    assert client.login(username="sara", password=PASSWORD)


def test_the_code_field_and_the_email_field_have_visible_labels(site_pages):
    page = code_requested("en").get(reverse("account_confirm_login_code")).content.decode()
    assert re.search(r'<label class="field__label" for="id_code">', page)
    page = without_password("en").get(reverse("account_email")).content.decode()
    assert '<label class="field__label" for="id_email">New e-mail address</label>' in page
    assert "sara@example.org" in page  # the address in use now


def test_the_change_of_address_code_mail_is_in_the_sites_voice(
    site_pages, django_capture_on_commit_callbacks
):
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the worker sends the outbox row
        email_change_requested("sv")
    message = mail.outbox[-1]
    assert message.to == ["new@example.org"]
    assert "user sara" not in message.body.lower()  # allauth's text names the username
    assert message.alternatives and "<html" in message.alternatives[0][0]
