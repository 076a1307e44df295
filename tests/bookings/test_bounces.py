"""Bounces and complaints from the provider: the address gets no more mail, staff see it."""

from anymail.signals import AnymailTrackingEvent, tracking
from django.urls import reverse

from bookings.models import OutboxMessage, OutboxStatus, UndeliverableAddress
from bookings.notifications.delivery import deliver
from bookings.notifications.outbox import queue_email
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
    client.cookies["django_language"] = "en"
    html = client.get(reverse("bookings_bookings:index")).content.decode()
    assert html.count("Undeliverable: call instead") == 1


def test_the_webhook_url_is_routed(client, db):
    response = client.post(
        "/anymail/postmark/tracking/", data="{}", content_type="application/json"
    )
    assert response.status_code in (200, 400)
    assert OutboxMessage.objects.count() == 0
