"""The provider says an address cannot receive mail: stop writing to it, and say so to staff."""

import logging

from anymail.signals import AnymailTrackingEvent, tracking
from django.db import IntegrityError, transaction
from django.dispatch import receiver

from bookings.models import OutboxMessage, OutboxStatus, UndeliverableAddress

logger = logging.getLogger(__name__)

# anymail's normalised event types that mean "do not send here again".
UNDELIVERABLE_EVENTS = {"bounced", "complained", "rejected", "unsubscribed"}


def mark_undeliverable(*, email: str, reason: str) -> bool:
    """Record the address (once) and fail its unsent messages. True if it was new."""
    email = email.strip().lower()
    if not email:
        return False
    try:
        with transaction.atomic():
            UndeliverableAddress.objects.create(email=email, reason=reason[:20])
    except IntegrityError:
        return False
    OutboxMessage.objects.filter(
        recipient__iexact=email, status=OutboxStatus.PENDING
    ).update(status=OutboxStatus.FAILED, last_error="UndeliverableAddress")
    return True


def is_undeliverable(email: str) -> bool:
    return UndeliverableAddress.objects.filter(email__iexact=email.strip()).exists()


@receiver(tracking, dispatch_uid="bookings_undeliverable_addresses")
def handle_tracking_event(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs):
    """anymail's tracking webhook: bounces and complaints make an address undeliverable."""
    if event.event_type not in UNDELIVERABLE_EVENTS or not event.recipient:
        return
    if mark_undeliverable(email=event.recipient, reason=event.event_type):
        # The event type and provider only: never the address.
        logger.info("address marked undeliverable (%s from %s)", event.event_type, esp_name)
