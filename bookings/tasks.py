"""The booking engine's periodic work. Tasks take primary keys or nothing, never instances."""

import logging

from django_tasks import task

from bookings.services import expire_offers, send_session_reminders

logger = logging.getLogger(__name__)


@task()
def expire_overdue_offers() -> int:
    """Expire seat offers past their deadline and pass the seats on (idempotent)."""
    expired = expire_offers()
    if expired:
        logger.info("expired %d seat offers", expired)
    return expired


@task()
def send_due_reminders() -> int:
    """Queue reminders for sessions starting within their offering's lead time (idempotent)."""
    return send_session_reminders()
