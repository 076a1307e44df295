"""Bounces and complaints from the provider: the address gets no more mail, staff see it."""

import base64
import json

from anymail.signals import AnymailTrackingEvent, tracking
from django.urls import reverse

from bookings.models import OutboxStatus, UndeliverableAddress
from bookings.notifications.delivery import deliver
from bookings.notifications.outbox import queue_email
from tests.conftest import read_in
from tests.factories import BookingFactory, UserFactory


def provider_reports(event_type: str, recipient: str) -> None:
    event = AnymailTrackingEvent(event_type=event_type, recipient=recipient)
    tracking.send(sender=object, event=event, esp_name="Postmark")


def test_a_hard_bounce_stops_further_mail_to_the_address(db):
    waiting = queue_email(kind="k", recipient="Sara@Example.org", subject="s", body_text="b")
    provider_reports("bounced", "sara@example.org")
    assert UndeliverableAddress.objects.filter(email="sara@example.org").exists()
    waiting.refresh_from_db()
    assert (waiting.status, waiting.last_error) == (OutboxStatus.FAILED, "UndeliverableAddress")

    later = queue_email(kind="k", recipient="sara@example.org", subject="s", body_text="b")
    assert deliver(message_id=later.pk) == OutboxStatus.FAILED
    from django.core import mail

    assert mail.outbox == []


def test_a_complaint_counts_and_other_events_do_not(db):
    provider_reports("complained", "anna@example.org")
    provider_reports("delivered", "omar@example.org")
    provider_reports("opened", "omar@example.org")
    provider_reports("bounced", "anna@example.org")  # reported twice: recorded once
    assert list(UndeliverableAddress.objects.values_list("email", "reason")) == [
        ("anna@example.org", "complained")
    ]


def test_staff_see_which_households_cannot_be_reached_by_e_mail(client, make_offering):
    offering = make_offering()
    BookingFactory(offering=offering, email="sara@example.org")
    BookingFactory(offering=offering, email="anna@example.org")
    provider_reports("bounced", "sara@example.org")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    read_in(client, "en")
    html = client.get(reverse("bookings_bookings:index")).content.decode()
    assert html.count("Undeliverable: call instead") == 1


WEBHOOK_SECRET = "postmark:hook-secret-for-tests"
HARD_BOUNCE = {
    "RecordType": "Bounce",
    "ID": 4323372036854775807,
    "Type": "HardBounce",
    "TypeCode": 1,
    "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "Email": "Sara@Example.org",
    "BouncedAt": "2026-11-30T10:00:00Z",
    "Description": "The server was unable to deliver your message.",
}


def post_to_webhook(client, payload: dict, **headers):
    return client.post(
        "/anymail/postmark/tracking/",
        data=json.dumps(payload),
        content_type="application/json",
        **headers,
    )


def test_the_providers_webhook_records_a_bounce_only_with_the_secret(client, db, settings):
    """The provider's real request, through the URL, anymail and our receiver: a hard bounce
    marks the address and fails its waiting e-mail; a post without the secret changes nothing."""
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": WEBHOOK_SECRET}
    waiting = queue_email(kind="k", recipient="sara@example.org", subject="s", body_text="b")

    refused = post_to_webhook(client, HARD_BOUNCE)
    assert refused.status_code == 400
    assert not UndeliverableAddress.objects.exists()

    secret = base64.b64encode(WEBHOOK_SECRET.encode()).decode()
    accepted = post_to_webhook(client, HARD_BOUNCE, HTTP_AUTHORIZATION=f"Basic {secret}")
    assert accepted.status_code == 200
    assert list(UndeliverableAddress.objects.values_list("email", "reason")) == [
        ("sara@example.org", "bounced")
    ]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.last_error) == (OutboxStatus.FAILED, "UndeliverableAddress")

    delivered = {**HARD_BOUNCE, "RecordType": "Delivery", "Recipient": "omar@example.org"}
    del delivered["Email"], delivered["Type"]
    response = post_to_webhook(client, delivered, HTTP_AUTHORIZATION=f"Basic {secret}")
    assert response.status_code == 200
    assert UndeliverableAddress.objects.count() == 1
