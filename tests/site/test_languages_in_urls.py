"""The language is in the address: Swedish at the root, other languages under their code; every
page names its versions (hreflang, the switch); a translated program shows the same groups as
the Swedish one; a page not translated yet is shown in Swedish, marked and explained."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from bookings.models import Booking
from bookings.notifications.rendering import manage_url
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db


def translate(page, language: str, **fields):
    """Staff's copy for translation, edited and published."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy.__class__.objects.get(pk=copy.pk)  # as a later request reads it


def hreflangs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def test_each_language_lives_under_its_code_and_arabic_reads_right_to_left(client, make_offering):
    program = make_offering().program
    assert program.url.startswith("/program/")
    swedish = client.get(program.url).content.decode()
    english = client.get("/en" + program.url).content.decode()
    arabic = client.get("/ar" + program.url).content.decode()
    assert '<html lang="sv" dir="ltr">' in swedish
    assert '<html lang="en" dir="ltr">' in english
    assert '<html lang="ar" dir="rtl">' in arabic
    assert client.get("/en" + program.url).headers["Content-Language"] == "en"
    # A browser asking for English still gets Swedish at the root: the address decides.
    page = client.get(program.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="sv" dir="ltr">' in page


def test_every_page_names_its_version_in_every_language(client, make_offering):
    program = make_offering().program
    html = client.get("/en" + program.url).content.decode()
    links = hreflangs(html)
    base = "http://testserver"
    assert links == {
        "x-default": base + program.url,
        "sv": base + program.url,
        "en": base + "/en" + program.url,
        "ar": base + "/ar" + program.url,
        "fa": base + "/fa" + program.url,
        "so": base + "/so" + program.url,
    }
    # The switch offers the same links, the current language marked.
    assert f'href="{base}/ar{program.url}" lang="ar" hreflang="ar" dir="rtl">العربية</a>' in html
    assert 'aria-current="true">English</a>' in html


def test_views_outside_wagtail_keep_the_language_too(client, make_offering):
    offering = make_offering()
    with translation.override("so"):
        url = reverse("bookings:book", args=[offering.pk])
    assert url == f"/so/bokning/{offering.pk}/"
    html = client.get(url).content.decode()
    assert hreflangs(html)["sv"] == f"http://testserver/bokning/{offering.pk}/"
    assert hreflangs(html)["ar"] == f"http://testserver/ar/bokning/{offering.pk}/"


def test_a_page_not_yet_translated_is_shown_in_swedish_marked_and_explained(client, make_offering):
    program = make_offering().program
    html = client.get("/en" + program.url).content.decode()
    assert "has not been translated into your language yet" in html
    assert f'<h1 lang="sv">{program.title}</h1>' in html
    # Its breadcrumbs stay in English and mark the Swedish titles.
    index = program.get_parent()
    assert f'<a href="/en{index.url}" lang="sv">{index.title}</a>' in html
    assert f'<a href="/en{program.url}" aria-current="page" lang="sv">' in html
    # In Swedish there is nothing to explain.
    swedish = client.get(program.url).content.decode()
    assert "untranslated-note" not in swedish
    assert f"<h1>{program.title}</h1>" in swedish


def test_a_translated_program_shows_its_text_and_the_same_groups_and_seats(client, make_offering):
    offering = make_offering(title="Torsdagar 18:00")
    program = offering.program
    english = translate(program, "en", title="KOMET for parents", slug=program.slug)
    html = client.get(english.url).content.decode()
    assert english.url == "/en" + program.url
    assert "<h1>KOMET for parents</h1>" in html  # its own language: no lang mark
    assert "untranslated-note" not in html
    assert "Torsdagar 18:00" in html  # the Swedish program's group, marked as Swedish
    assert re.search(r'<h3 class="card__title" id="offering-\d+-title" lang="sv">', html)
    swedish_link = reverse("bookings:book", args=[offering.pk])
    assert f'href="{swedish_link}"' not in html  # links stay in English
    with translation.override("en"):
        assert f'href="{reverse("bookings:book", args=[offering.pk])}"' in html
    # The Swedish page and its switch lead to the translation.
    assert hreflangs(client.get(program.url).content.decode())["en"] == (
        "http://testserver" + english.url
    )


def test_the_program_list_shows_translations_where_they_exist(client, make_offering):
    program = make_offering().program
    other = make_offering().program
    translate(program, "en", title="KOMET in English", slug=program.slug)
    index = program.get_parent()
    html = client.get("/en" + index.url).content.decode()
    assert "KOMET in English" in html
    assert re.search(rf'lang="sv"><a href="/en{other.url}">{other.title}</a>', html)


def test_links_in_e_mails_open_in_the_parents_language(make_offering):
    offering = make_offering()
    english = BookingFactory(offering=offering, language="en")
    swedish = BookingFactory(offering=offering, language="sv")
    assert manage_url(english).endswith(f"/en/bokning/{english.token}/hantera/")
    assert manage_url(swedish).endswith(f"/bokning/{swedish.token}/hantera/")
    assert "/en/" not in manage_url(swedish)
    assert Booking.objects.count() == 2


def test_an_arabic_speaking_parent_books_and_reads_it_all_in_arabic(
    client, make_offering, django_capture_on_commit_callbacks
):
    from tests.bookings.test_booking_flow import FORM, login_code_from_mail

    offering = make_offering()
    with translation.override("ar"):
        book_url = reverse("bookings:book", args=[offering.pk])
    assert book_url.startswith("/ar/")
    form = client.get(book_url).content.decode()
    assert '<html lang="ar" dir="rtl">' in form
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(book_url, {**FORM, "email": "sara@example.org"})
    assert asked["Location"].startswith("/ar/")  # the code step stays in Arabic
    code_mail = mail.outbox[-1]
    assert 'dir="rtl"' in code_mail.alternatives[0][0]
    client.post(asked["Location"], {"code": login_code_from_mail()})
    with django_capture_on_commit_callbacks(execute=True):
        booked = client.post(book_url, FORM)
    booking = Booking.objects.get()
    assert booking.language == "ar"
    assert booked["Location"] == f"/ar/bokning/{booking.token}/hantera/"
    page = client.get(booked["Location"]).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    confirmation = mail.outbox[-1]
    html = confirmation.alternatives[0][0]
    assert '<html lang="ar" dir="rtl">' in html
    assert f"/ar/bokning/{booking.token}/hantera/" in confirmation.body
    assert re.search(r"[\u0600-\u06FF]{3,}", confirmation.subject)  # Arabic letters
