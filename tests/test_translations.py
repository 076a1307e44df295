"""The Swedish catalogue is complete, and pages speak Swedish unless English is chosen."""

from pathlib import Path

import polib
from django.urls import reverse

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_every_swedish_entry_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert (missing, fuzzy) == ([], [])
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=2;")


def test_pages_are_swedish_by_default_even_for_an_english_browser(client, make_offering):
    offering = make_offering()
    url = reverse("bookings:book", args=[offering.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv">' in page
    assert "Boka plats" in page


def test_english_when_chosen_with_the_language_switch(client, make_offering):
    offering = make_offering()
    url = reverse("bookings:book", args=[offering.pk])
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert '<html lang="en">' in page
    assert "Book a seat" in page


def test_an_expired_form_gets_a_friendly_page_not_a_technical_one(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 403
    assert "Sidan hade gått ut" in response.content.decode()
