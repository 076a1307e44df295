"""allauth's e-mails (login codes, address confirmations, password resets) leave through the
outbox: the request only writes a row, the worker sends it, and a provider that is down
neither breaks the request nor loses the code.

The provider here is a real SMTP port: closed while it is "down", then served by a local
aiosmtpd server, so what arrives is what a mail server would receive.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from bookings.models import Booking, EmailSettings, OutboxMessage, OutboxStatus
from bookings.notifications.delivery import KEEP_FAILED_ACCOUNT_MAIL_FOR, RETRY_MINUTES
from bookings.notifications.tasks import sweep_outbox
from tests.bookings.test_smtp_round_trip import RecordingHandler, free_port
from tests.factories import make_site
from tests.site.accounts.conftest import logged_in, make_parent

CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")
BOOKING_FORM = {
    "persons": "1",
    "child_age_band": "6-9",
    "name": "Sara Nilsson",
    "phone": "070-123 45 67",
}


@pytest.fixture
def smtp_port(settings) -> int:
    """Django's SMTP backend pointed at a local port where nothing listens (yet)."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return port


@pytest.fixture
def provider_back_up(smtp_port):
    """Start an SMTP server on the port that was closed; returns a function that does so."""
    controllers = []

    def start() -> RecordingHandler:
        handler = RecordingHandler()
        controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        controllers.append(controller)
        return handler

    yield start
    for controller in controllers:
        controller.stop()


def account_rows():
    return OutboxMessage.objects.filter(kind=OutboxMessage.ACCOUNT_KIND).order_by("pk")


def a_retry_interval_passes() -> None:
    """Move every pending row's next attempt back by the first retry interval."""
    account_rows().update(
        next_attempt_at=F("next_attempt_at") - timedelta(minutes=RETRY_MINUTES[0])
    )


def test_asking_for_a_code_only_writes_an_outbox_row(
    site_pages, smtp_port, django_capture_on_commit_callbacks
):
    make_parent("sara@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = Client().post(
            reverse("account_request_login_code"), {"email": "sara@example.org"}
        )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_confirm_login_code"))
    (row,) = account_rows()
    assert (row.recipient, row.status, row.attempts) == ("sara@example.org", "pending", 0)
    assert CODE.search(row.body_text)
    assert CODE.search(row.body_html)
    assert row.booking_id is None
    assert len(callbacks) == 1  # the worker's task, handed over once the row is committed


def test_with_the_provider_down_codes_wait_in_the_outbox_and_arrive_when_it_is_back(
    make_offering, smtp_port, provider_back_up, django_capture_on_commit_callbacks
):
    """Log in by code and a new parent's first booking both ask for a code while the
    provider refuses connections: both answer with a redirect, the worker's first attempt
    fails, and the codes go out when the provider is back and the sweep retries."""
    make_parent("sara@example.org")
    returning, new_parent = Client(), Client()
    offering = make_offering(capacity=6)
    book_url = reverse("bookings:book", args=[offering.pk])

    with django_capture_on_commit_callbacks(execute=True):
        asked = returning.post(reverse("account_request_login_code"), {"email": "sara@example.org"})
    assert asked.status_code == 302
    assert new_parent.get(book_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        booked = new_parent.post(book_url, {**BOOKING_FORM, "email": "omar@example.org"})
    assert booked.status_code == 302
    assert reverse("account_confirm_login_code") in booked["Location"]

    rows = list(account_rows())
    assert [row.recipient for row in rows] == ["sara@example.org", "omar@example.org"]
    assert {(row.status, row.attempts) for row in rows} == {(OutboxStatus.PENDING, 1)}
    assert {row.last_error for row in rows} == {"ConnectionRefusedError"}
    codes = {row.recipient: CODE.search(row.body_text).group(1) for row in rows}

    server = provider_back_up()
    a_retry_interval_passes()
    assert sweep_outbox()["enqueued"] == 2

    received = {message.recipients[0]: message.parsed() for message in server.received}
    assert set(received) == {"sara@example.org", "omar@example.org"}
    for address, message in received.items():
        assert codes[address] in message.get_body(("plain",)).get_content()
        assert codes[address] in message.get_body(("html",)).get_content()
    assert not account_rows().exists()  # sent: a login code is not kept

    # The code that waited still works: the new parent lands back on the booking form.
    confirmed = new_parent.post(booked["Location"], {"code": codes["omar@example.org"]})
    assert confirmed["Location"] == book_url
    with django_capture_on_commit_callbacks(execute=True):
        new_parent.post(book_url, BOOKING_FORM)
    assert Booking.objects.get().email == "omar@example.org"


@pytest.fixture
def committed_site(transactional_db, settings):
    """The site in a database that commits: the locale and root page that migrations create
    (an earlier transactional test may have flushed them, content types too, which Django
    still remembers by id), then the site's pages."""
    ContentType.objects.clear_cache()
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root", locale=locale)
    return make_site()


def test_the_database_worker_sends_the_code_after_the_request(
    committed_site, settings, smtp_port, provider_back_up
):
    """As in production (autocommit, the database queue): the request commits the row and
    leaves a task; the mail arrives when `db_worker` runs."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    server = provider_back_up()
    make_parent("sara@example.org")
    response = Client().post(reverse("account_request_login_code"), {"email": "sara@example.org"})
    assert response.status_code == 302
    assert server.received == []
    code = CODE.search(account_rows().get().body_text).group(1)

    call_command("db_worker", "--batch", "--no-startup-delay", "--verbosity", "0")

    (received,) = server.received
    assert received.recipients == ["sara@example.org"]
    assert code in received.parsed().get_body(("plain",)).get_content()


def test_a_code_given_up_on_loses_its_body_at_once_and_its_row_after_a_day(site_pages, settings):
    settings.EMAIL_BACKEND = "tests.bookings.email_backends.RefusingBackend"
    make_parent("sara@example.org")
    Client().post(reverse("account_request_login_code"), {"email": "sara@example.org"})
    (row,) = account_rows()
    sweep_outbox()
    row.refresh_from_db()
    assert (row.status, row.body_text, row.body_html) == (OutboxStatus.FAILED, "", "")
    # Staff see the failure for a day; then the row (it holds the address) goes too.
    sweep_outbox(now=timezone.now() + KEEP_FAILED_ACCOUNT_MAIL_FOR - timedelta(minutes=1))
    assert account_rows().exists()
    sweep_outbox(now=timezone.now() + KEEP_FAILED_ACCOUNT_MAIL_FOR + timedelta(minutes=1))
    assert not account_rows().exists()


def test_the_address_confirmation_code_goes_through_the_outbox(site_pages):
    client = logged_in(make_parent("sara@example.org"))
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    assert response["Location"] == reverse("account_email_verification_sent")
    (row,) = account_rows()
    assert row.recipient == "new@example.org"
    assert "confirm your e-mail address" in row.subject
    assert mail.outbox == []


def test_the_password_reset_link_goes_through_the_outbox_from_the_sites_sender(site_pages):
    EmailSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        sender_name="Föräldrastöd Gnesta kommun",
        reply_to="foraldrastod@gnesta.example",
    )
    make_parent("sara@example.org")
    response = Client().post(reverse("account_reset_password"), {"email": "sara@example.org"})
    assert response.status_code == 302
    (row,) = account_rows()
    assert row.recipient == "sara@example.org"
    assert "/password/reset/key/" in row.body_text
    assert row.from_email == '"Föräldrastöd Gnesta kommun" <noreply@example.org>'
    assert row.reply_to == "foraldrastod@gnesta.example"
    assert mail.outbox == []


def test_an_address_no_mail_system_accepts_gets_no_row(site_pages):
    address = "a" * 250 + "@example.org"
    Client().post(reverse("account_reset_password"), {"email": address})
    Client().post(reverse("account_request_login_code"), {"email": address})
    assert not account_rows().exists()
