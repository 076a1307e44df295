"""The booking form's honeypot: bots that fill in every field book nothing and learn nothing."""

import logging

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from bookings import drafts
from bookings.models import Booking, OutboxMessage
from tests.conftest import read_in
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
    read_in(client, "en")
    page = client.get(book_url(offering)).content.decode()
    start = page.index('<div class="visually-hidden" aria-hidden="true">')
    honeypot = page[start : page.index("</div>", start)]
    assert '<label for="id_website">Leave this field empty</label>' in honeypot
    assert 'name="website"' in honeypot
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot
    assert page.count('name="website"') == 1


@pytest.fixture
def watch(caplog, django_capture_on_commit_callbacks, django_user_model):
    """Runs a post with everything that could follow it switched on (commit callbacks run,
    so a queued e-mail would be sent; every log record kept) and tells what it left behind."""

    def run(post):
        users_before = django_user_model.objects.count()
        entries_before = ModelLogEntry.objects.count() + PageLogEntry.objects.count()
        caplog.clear()
        with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
            response = post()
        return response, {
            "bookings": Booking.objects.count(),
            "outbox": OutboxMessage.objects.count(),
            "sent": len(mail.outbox),
            "accounts": django_user_model.objects.count() - users_before,
            "staff log": ModelLogEntry.objects.count()
            + PageLogEntry.objects.count()
            - entries_before,
            "log lines": [f"{r.name}: {r.getMessage()}" for r in caplog.records],
        }

    return run


NOTHING = {"bookings": 0, "outbox": 0, "sent": 0, "accounts": 0, "staff log": 0, "log lines": []}


def test_a_bot_filling_it_in_gets_an_ordinary_reply_and_no_booking(client, offering, watch):
    client.force_login(UserFactory())
    response, left = watch(
        lambda: client.post(book_url(offering), {**FORM, "website": "https://spam.example"})
    )
    assert response.status_code == 302
    assert response["Location"] == offering.program.url
    assert left == NOTHING


def test_an_anonymous_bot_gets_no_code_and_no_account(client, offering, watch):
    response, left = watch(
        lambda: client.post(
            book_url(offering), {**FORM, "email": "bot@example.org", "website": "x"}
        )
    )
    assert response.status_code == 302
    assert response["Location"] == offering.program.url
    assert left == NOTHING
    assert drafts.SESSION_KEY not in client.session


def test_control_an_anonymous_person_leaving_it_empty_gets_a_code(client, offering, watch):
    """The control for the two tests above: the same post without the honeypot does send a
    code (and the check sees it), so their "nothing" is not blindness."""
    response, left = watch(
        lambda: client.post(book_url(offering), {**FORM, "email": "sara@example.org"})
    )
    assert response.status_code == 302
    assert left["sent"] == 1
    assert mail.outbox[0].to == ["sara@example.org"]
    assert drafts.SESSION_KEY in client.session


def test_the_honeypot_wins_even_when_the_rest_is_nonsense(client, offering, watch):
    client.force_login(UserFactory())
    response, left = watch(
        lambda: client.post(book_url(offering), {"website": "x", "persons": "99"})
    )
    assert response.status_code == 302  # no error list telling the bot what to fix
    assert response["Location"] == offering.program.url
    assert left == NOTHING


def test_people_who_leave_it_empty_book_as_before(client, offering, watch):
    """The control for the logged-in bot: the same post without the honeypot books, queues
    and sends the confirmation, all of which the check above would have seen."""
    client.force_login(UserFactory())
    response, left = watch(lambda: client.post(book_url(offering), {**FORM, "website": ""}))
    booking = Booking.objects.get()
    assert response["Location"] == reverse("bookings:manage", args=[booking.token])
    assert booking.name == "Sara Nilsson"
    assert (left["bookings"], left["outbox"], left["sent"]) == (1, 1, 1)


def test_the_honeypot_never_reaches_the_saved_draft(client, offering):
    """The details typed before the e-mail check are kept in the session: not the honeypot."""
    client.post(book_url(offering), {**FORM, "email": "sara@example.org", "website": ""})
    draft = client.session[drafts.SESSION_KEY]["data"]
    assert draft["name"] == "Sara Nilsson"
    assert "website" not in draft
