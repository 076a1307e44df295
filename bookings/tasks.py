"""Background work. Tasks take primary keys or nothing, never model instances."""

import logging

from django_tasks import task

from bookings.services import expire_offers

logger = logging.getLogger(__name__)


@task()
def expire_overdue_offers() -> int:
    """Expire seat offers past their deadline and pass the seats on (idempotent)."""
    expired = expire_offers()
    if expired:
        logger.info("expired %d seat offers", expired)
    return expired


@task()
def send_outbox_message(message_id: int) -> str:
    """Deliver one outbox message (safe to run twice: only one run claims it)."""
    from bookings.notifications.outbox import deliver

    return deliver(message_id=message_id)


@task()
def sweep_outbox_messages() -> dict:
    """Recover stuck sends, retry due messages, delete old sent ones."""
    from bookings.notifications.outbox import sweep_outbox

    return sweep_outbox()


@task()
def send_due_reminders() -> int:
    """Queue reminders for sessions starting within their offering's lead time (idempotent)."""
    from bookings.services import send_session_reminders

    return send_session_reminders()


@task()
def anonymize_expired_personal_data() -> dict:
    """Anonymize bookings of offerings ended past the retention time, and what else names
    their parents (idempotent; counts only in the result and the log)."""
    from bookings.services.retention import anonymize_ended_offerings

    return anonymize_ended_offerings().as_dict()
