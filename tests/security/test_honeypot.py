"""The booking form's honeypot: bots that fill in every field book nothing and learn nothing."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from bookings import drafts
from bookings.models import Booking, OutboxMessage
from tests.factories import UserFactory

FORM = {
    "persons": "2",
    "child_age_band": "",
    "interpreter_language": "",
    "name": "Sara Nilsson",
    "phone": "070-123 45 67",
}


@pytest.fixture
def offering(make_offering):
    return make_offering(capacity=6)


def book_url(offering) -> str:
    return reverse("bookings:book", args=[offering.pk])


def test_the_honeypot_is_out_of_sight_and_out_of_reach(client, offering):
    client.cookies["django_language"] = "en"
    page = client.get(book_url(offering)).content.decode()
    start = page.index('<div class="visually-hidden" aria-hidden="true">')
    honeypot = page[start : page.index("</div>", start)]
    assert '<label for="id_website">Leave this field empty</label>' in honeypot
    assert 'name="website"' in honeypot
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot
    assert page.count('name="website"') == 1


def test_a_bot_filling_it_in_gets_an_ordinary_reply_and_no_booking(client, offering, caplog):
    client.force_login(UserFactory())
    with caplog.at_level(logging.DEBUG):
        response = client.post(book_url(offering), {**FORM, "website": "https://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == offering.program.url
    assert not Booking.objects.exists()
    assert not OutboxMessage.objects.exists()
    # Nothing about the post in the log: no name, no phone, no mention of a bot.
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "Sara" not in logged and "070" not in logged and "spam" not in logged


def test_an_anonymous_bot_gets_no_code_and_no_account(client, offering, django_user_model):
    response = client.post(
        book_url(offering), {**FORM, "email": "bot@example.org", "website": "x"}
    )
    assert response.status_code == 302
    assert response["Location"] == offering.program.url
    assert mail.outbox == []
    assert not django_user_model.objects.filter(email="bot@example.org").exists()
    assert drafts.SESSION_KEY not in client.session


def test_the_honeypot_wins_even_when_the_rest_is_nonsense(client, offering):
    client.force_login(UserFactory())
    response = client.post(book_url(offering), {"website": "x", "persons": "99"})
    assert response.status_code == 302  # no error list telling the bot what to fix


def test_people_who_leave_it_empty_book_as_before(client, offering):
    client.force_login(UserFactory())
    response = client.post(book_url(offering), {**FORM, "website": ""})
    booking = Booking.objects.get()
    assert response["Location"] == reverse("bookings:manage", args=[booking.token])
    assert booking.name == "Sara Nilsson"


def test_the_honeypot_never_reaches_the_saved_draft(client, offering):
    """The details typed before the e-mail check are kept in the session: not the honeypot."""
    client.post(book_url(offering), {**FORM, "email": "sara@example.org", "website": ""})
    draft = client.session[drafts.SESSION_KEY]["data"]
    assert draft["name"] == "Sara Nilsson"
    assert "website" not in draft
