"""Error reports (Sentry when SENTRY_DSN is set, e-mails to ADMINS) never carry a parent's
e-mail address, phone number, name or booking token, but do carry the error."""

import importlib
import json
import logging

import pytest
import sentry_sdk
from django.core import mail
from django.test import Client
from django.urls import reverse
from sentry_sdk.transport import Transport

import bookings.views.book
from bookings.models import Booking
from parentsite import error_reporting
from parentsite.settings.environment import env_addresses
from tests.factories import UserFactory

NAME = "Åsa Öberg"
EMAIL = "asa.oberg@example.org"
PHONE = "070-123 45 67"


class KeptEvents(Transport):
    """A Sentry transport that keeps the events in a list instead of sending them."""

    def __init__(self):
        super().__init__()
        self.events = []

    def capture_envelope(self, envelope):
        event = envelope.get_event()
        if event is not None:
            self.events.append(event)


@pytest.fixture
def sentry_events():
    transport = KeptEvents()
    error_reporting.init_sentry(dsn="https://key@sentry.example.invalid/1", transport=transport)
    try:
        yield transport.events
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.get_global_scope().set_client(None)


@pytest.fixture
def booking_that_fails(monkeypatch):
    """The booking view books the seat, then fails with the booking's details in the error's
    message (as a database error or a failing template would quote them)."""
    book_offering = bookings.views.book.book_offering
    tokens = []

    def book_then_fail(**details):
        booking = book_offering(**details)
        tokens.append(booking.token)
        raise RuntimeError(
            f"Could not confirm {booking.email} ({booking.phone}), /bokning/{booking.token}/"
        )

    monkeypatch.setattr(bookings.views.book, "book_offering", book_then_fail)
    return tokens


def post_booking(offering) -> int:
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(email=EMAIL))
    client.cookies["tracking"] = EMAIL
    response = client.post(
        f"{reverse('bookings:book', args=[offering.pk])}?email={EMAIL}&phone=0701234567",
        {"persons": "1", "name": NAME, "phone": PHONE, "email": EMAIL},
    )
    return response.status_code


@pytest.mark.django_db
def test_a_booking_error_reaches_sentry_without_the_parents_details(
    make_offering, sentry_events, booking_that_fails
):
    offering = make_offering()

    assert post_booking(offering) == 500

    token = booking_that_fails[0]
    assert Booking.objects.filter(token=token).exists()
    [event] = sentry_events
    # Control: the event is the booking view's error, with its request.
    [exception] = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"].startswith("Could not confirm [masked] ([masked]), /bokning/")
    assert exception["mechanism"]["type"] == "django"
    assert event["transaction"] == "/bokning/{offering_id}/"
    written = json.dumps(event, ensure_ascii=False, default=str)
    for secret in (EMAIL, PHONE, "0701234567", token, NAME, "Åsa", "Öberg"):
        assert secret not in written
    assert not {"data", "cookies", "query_string"} & event.get("request", {}).keys()


def test_scrubbing_is_what_hides_them():
    """Control: the same details in an unscrubbed event are there to be found."""
    event = {
        "request": {"data": {"name": NAME}, "cookies": {"c": EMAIL}, "query_string": "a=b"},
        "user": {"id": 7, "email": EMAIL},
        "exception": {"values": [{"value": f"{EMAIL} {PHONE} {'Ab3' * 15}"}]},
        "breadcrumbs": {"values": [{"message": f"sent to {EMAIL}"}]},
    }
    raw = json.dumps(event, ensure_ascii=False)
    assert EMAIL in raw and PHONE in raw and NAME in raw

    scrubbed = json.dumps(error_reporting.scrub_event(event, {}), ensure_ascii=False)

    assert EMAIL not in scrubbed and PHONE not in scrubbed and NAME not in scrubbed
    assert "Ab3Ab3" not in scrubbed
    assert '"id": 7' in scrubbed


@pytest.mark.django_db
def test_the_error_e_mail_to_admins_has_no_parents_details(
    settings, monkeypatch, make_offering, booking_that_fails
):
    """Django's errors are e-mailed by the production settings' handler only (LOGGING)."""
    settings.ADMINS = [("Drift", "drift@kommun.example")]
    settings.DEFAULT_EXCEPTION_REPORTER_FILTER = "parentsite.error_reporting.NoPostDataFilter"
    handler = error_reporting.MaskedAdminEmailHandler()
    handler.setLevel(logging.ERROR)
    monkeypatch.setattr(logging.getLogger("django"), "handlers", [handler])

    assert post_booking(make_offering()) == 500

    [message] = [sent for sent in mail.outbox if sent.to == ["drift@kommun.example"]]
    assert "RuntimeError" in message.body and "Could not confirm [masked]" in message.body
    assert not message.alternatives
    for secret in (EMAIL, PHONE, "0701234567", booking_that_fails[0], NAME):
        assert secret not in message.subject + message.body


def test_admins_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMINS", "Drift <drift@kommun.example>, it@kommun.example, nonsense")
    assert env_addresses("ADMINS") == [
        ("Drift", "drift@kommun.example"),
        ("it@kommun.example", "it@kommun.example"),
    ]


def test_sentry_starts_only_with_a_dsn(monkeypatch, production_settings):
    started = []
    monkeypatch.setattr(error_reporting, "init_sentry", lambda **options: started.append(options))
    monkeypatch.delenv("SENTRY_DSN", raising=False)
    importlib.reload(production_settings)
    assert started == []

    monkeypatch.setenv("SENTRY_DSN", "https://key@sentry.example.invalid/1")
    importlib.reload(production_settings)
    assert [options["dsn"] for options in started] == ["https://key@sentry.example.invalid/1"]
