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
