"""The interpreter languages a parent can ask for are configuration, named in their language."""

import re

from django.urls import reverse
from django.utils import translation

from tests.conftest import read_in
from tests.factories import BookingFactory


def offered(html: str) -> list[str]:
    (select,) = re.findall(r'<select name="interpreter_language".*?</select>', html, re.S)
    return re.findall(r'<option value="([^"]*)"', select)


def test_the_booking_form_offers_the_configured_languages(client, make_offering, settings):
    offering = make_offering()
    url = reverse("bookings:book", args=[offering.pk])
    settings.INTERPRETER_LANGUAGES = ["ar", "ti", "other"]
    assert offered(client.get(url).content.decode()) == ["", "ar", "ti", "other"]
    settings.INTERPRETER_LANGUAGES = ["so", "ckb"]  # Sorani: named by Django's list
    html = client.get(url).content.decode()
    assert offered(html) == ["", "so", "ckb"]
    with translation.override("sv"):
        sorani = translation.get_language_info("ckb")["name_translated"]
    assert ">Somaliska</option>" in html and f">{sorani}</option>" in html


def test_a_booking_keeps_its_language_when_it_is_no_longer_offered(client, make_offering, settings):
    booking = BookingFactory(offering=make_offering(), interpreter_language="prs")
    settings.INTERPRETER_LANGUAGES = ["ar"]
    read_in(client, "en")
    html = client.get(reverse("bookings:manage", args=[booking.token])).content.decode()
    assert "<dt>Interpreter</dt><dd>Dari</dd>" in html
