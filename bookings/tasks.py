"""The booking engine's periodic work. Tasks take primary keys or nothing, never instances."""

import logging

from django_tasks import task

from bookings.services import expire_offers, send_session_reminders
from bookings.services.carry_over import ask_waitlists_about_next_group
from bookings.services.invitations import invite_next_batches

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


@task()
def ask_about_next_groups() -> int:
    """Ask households still waiting when their group started (or ended) whether to keep a
    place for the program's next group, each once (idempotent)."""
    return ask_waitlists_about_next_group()


@task()
def invite_next_interest_batches() -> int:
    """Invite the next households on interest lists to groups that invite in batches, when
    seats are free that no running invitation holds (idempotent)."""
    return invite_next_batches()
