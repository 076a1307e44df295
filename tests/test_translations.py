"""Every catalogue is complete (drafts say so), and pages speak Swedish unless the address names
another language."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[1] / "locale"
CATALOGUE = LOCALE / "sv" / "LC_MESSAGES" / "django.po"
# English is the language the messages are written in; every other language has a catalogue.
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalogue_is_complete_and_none_is_fuzzy(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert (missing, fuzzy) == ([], [])
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=")


def test_a_catalogue_with_a_missing_entry_is_caught(tmp_path):
    broken = polib.POFile()
    broken.append(polib.POEntry(msgid="Book a seat", msgstr=""))
    broken.append(polib.POEntry(msgid="Cancel", msgstr="Avboka", flags=["fuzzy"]))
    assert broken.untranslated_entries() and broken.fuzzy_entries()  # what the test reads


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_draft_catalogue_says_so_and_only_a_draft_does(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert ("DRAFT" in catalogue.header) == (language in settings.DRAFT_TRANSLATIONS)


def test_the_readme_names_the_draft_translations():
    readme = (LOCALE.parent / "README.md").read_text()
    for code in settings.DRAFT_TRANSLATIONS:
        assert f"({code})" in readme and "native speaker" in readme


def test_the_swedish_catalogue_has_two_plural_forms():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=2;")


def test_pages_are_swedish_by_default_even_for_an_english_browser(client, make_offering):
    offering = make_offering()
    url = reverse("bookings:book", args=[offering.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv" dir="ltr">' in page
    assert "Boka plats" in page


def test_english_under_its_own_address(client, make_offering):
    offering = make_offering()
    url = reverse("bookings:book", args=[offering.pk])
    assert url == f"/bokning/{offering.pk}/"
    with translation.override("en"):
        english_url = reverse("bookings:book", args=[offering.pk])
    assert english_url == f"/en/bokning/{offering.pk}/"
    page = client.get(english_url).content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert "Book a seat" in page
    assert "Boka plats" in client.get(url).content.decode()  # no cookie carries it over


def test_an_expired_form_gets_a_friendly_page_not_a_technical_one(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_request_login_code"), {"email": "a@example.org"})
    assert response.status_code == 403
    assert "Sidan hade gått ut" in response.content.decode()
