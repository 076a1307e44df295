"""The retention run: personal data goes a set time after an offering's last session.

First the bookings of offerings that ended more than their municipality's retention time ago
(`MunicipalitySettings.retention_days`, else PERSONAL_DATA_RETENTION_DAYS) are anonymized
(`bookings.services.anonymization`: when an offering is due and what a booking keeps), and
the registrations on interest lists whose time is up (`bookings.services.
interest_anonymization`: a set time after the last invitation or after leaving the list, at
most a set time after registering). Then what else can still name their parents goes: e-mails
left behind, parent accounts nobody used for PERSONAL_DATA_RETENTION_DAYS (one account serves
every municipality) and without a booking or registration left, calendar feeds without a
booking, bounce records of addresses nobody uses, expired sessions (a booking draft holds a
name and phone) and old task results.

Everything here is idempotent and cheap when nothing is due (a handful of queries), works in
batches, and logs counts only.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bookings.models import (
    Booking,
    CalendarFeed,
    InterestRegistration,
    OutboxMessage,
    OutboxStatus,
    UndeliverableAddress,
)
from bookings.services.anonymization import (
    BATCH_SIZE,
    anonymize_offering,
    anonymized_name,
    due_offerings,
    retention_cutoff,
)
from bookings.services.interest_anonymization import anonymize_due_registrations, due_q

from .accounts.deletion import delete_accounts, session_store
from .accounts.ownership import parent_accounts
from .municipality import retention_days_by_site

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionCounts:
    """What one run removed (or, in a dry run, would remove). Counts only, never data."""

    bookings: int = 0
    interest_registrations: int = 0
    outbox_messages: int = 0
    accounts: int = 0
    calendar_feeds: int = 0
    undeliverable_addresses: int = 0
    sessions: int = 0
    task_results: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def total(self) -> int:
        return sum(self.as_dict().values())


def _remaining_bookings(due_ids: list[int]) -> QuerySet[Booking]:
    """Bookings that still hold personal data after this run."""
    return Booking.objects.filter(anonymized_at__isnull=True).exclude(offering_id__in=due_ids)


def _remaining_registrations(now: datetime) -> QuerySet[InterestRegistration]:
    """Registrations on interest lists that still hold personal data after this run."""
    return InterestRegistration.objects.filter(anonymized_at__isnull=True).exclude(due_q(now=now))


def _stale_accounts(*, cutoff: datetime, due_ids: list[int], now: datetime) -> QuerySet:
    """Parent accounts with no booking or registration left to anonymize and unused since
    before `cutoff` (a parent waiting on an interest list keeps the account it will book
    with)."""
    return (
        parent_accounts()
        .exclude(Exists(_remaining_bookings(due_ids).filter(user=OuterRef("pk"))))
        .exclude(Exists(_remaining_registrations(now).filter(user=OuterRef("pk"))))
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .order_by("pk")
    )


def _stale_feeds(*, cutoff: datetime, due_ids: list[int], stale_users) -> QuerySet:
    """Feeds of accounts without any booking left, not made or renewed within the retention
    time (a parent who just opened My pages and has not booked yet keeps theirs)."""
    return (
        CalendarFeed.objects.filter(created_at__lt=cutoff)
        .exclude(
            Exists(Booking.objects.filter(user=OuterRef("user")).exclude(offering_id__in=due_ids))
        )
        .exclude(user__in=stale_users)
    )


def _stale_undeliverable(*, due_ids: list[int], stale_users, now: datetime) -> QuerySet:
    """Bounce records of addresses no remaining booking, registration or account uses."""
    users = get_user_model().objects.exclude(pk__in=stale_users)
    using = (
        _remaining_bookings(due_ids),
        _remaining_registrations(now),
        users,
        EmailAddress.objects.exclude(user__in=stale_users),
    )
    address = Lower(OuterRef("email"))
    in_use = Q()
    for rows in using:
        in_use |= Q(Exists(rows.annotate(address=Lower("email")).filter(address=address)))
    return UndeliverableAddress.objects.exclude(in_use)


def _old_task_results(cutoff: datetime) -> QuerySet:
    """Finished task results (their arguments are ids, but their results are kept for days)."""
    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)


def _expired_session_count() -> int:
    store = session_store()
    if not hasattr(store, "get_model_class"):
        return 0
    return store.get_model_class().objects.filter(expire_date__lt=timezone.now()).count()


def _due_offering_ids(*, now: datetime, days: int | None) -> list[int]:
    """Offerings due for anonymization: each municipality's after its own retention time (an
    offering belongs to the site whose page tree holds its program), or all after `days`
    when given. An offering of no site keeps the install's default. One query."""
    if days is not None:
        due = due_offerings(cutoff=retention_cutoff(now=now, days=days))
        return list(due.values_list("pk", flat=True))
    kept = retention_days_by_site()
    default = retention_cutoff(now=now)
    in_a_site = Q(pk__in=[])
    ended_long_enough = Q(pk__in=[])
    for site, site_days in kept.items():
        in_site = Q(program__path__startswith=site.root_page.path)
        in_a_site |= in_site
        ended_long_enough |= in_site & Q(ended_at__lt=retention_cutoff(now=now, days=site_days))
    ended_long_enough |= ~in_a_site & Q(ended_at__lt=default)
    latest = max([default, *(retention_cutoff(now=now, days=d) for d in kept.values())])
    due = due_offerings(cutoff=latest).filter(ended_long_enough)
    return list(due.values_list("pk", flat=True))


def anonymize_ended_offerings(
    *, now: datetime | None = None, days: int | None = None, dry_run: bool = False
) -> RetentionCounts:
    """Anonymize the bookings of offerings that ended more than `days` days ago (default
    PERSONAL_DATA_RETENTION_DAYS) and remove what else identifies their parents. With
    `dry_run` nothing changes and the counts say what would be removed.

    Steps, in this order so that each sees the result of the one before: bookings (with their
    e-mails), registrations on interest lists (with theirs; their own times, not `days`),
    e-mails left behind because a worker was sending them, parent accounts unused for `days`
    days and without a booking or registration left, calendar feeds without a booking, bounce
    records of addresses nobody uses any more, expired sessions, old finished task results.
    """
    now = now or timezone.now()
    cutoff = retention_cutoff(now=now, days=days)
    due_ids = _due_offering_ids(now=now, days=days)
    stale_users = _stale_accounts(cutoff=cutoff, due_ids=due_ids, now=now).values("pk")
    leftover_messages = OutboxMessage.objects.filter(
        Q(booking__anonymized_at__isnull=False)
        | Q(interest_registration__anonymized_at__isnull=False)
    ).exclude(status=OutboxStatus.SENDING)
    task_results = _old_task_results(cutoff)

    if dry_run:
        return RetentionCounts(
            bookings=Booking.objects.filter(
                offering_id__in=due_ids, anonymized_at__isnull=True
            ).count(),
            interest_registrations=InterestRegistration.objects.filter(due_q(now=now)).count(),
            outbox_messages=OutboxMessage.objects.filter(
                Q(booking__offering_id__in=due_ids, booking__anonymized_at__isnull=True)
                | Q(booking__anonymized_at__isnull=False)
                | Q(interest_registration__in=InterestRegistration.objects.filter(due_q(now=now)))
                | Q(interest_registration__anonymized_at__isnull=False)
            )
            .exclude(status=OutboxStatus.SENDING)
            .count(),
            accounts=stale_users.count(),
            calendar_feeds=_stale_feeds(
                cutoff=cutoff, due_ids=due_ids, stale_users=stale_users
            ).count(),
            undeliverable_addresses=_stale_undeliverable(
                due_ids=due_ids, stale_users=stale_users, now=now
            ).count(),
            sessions=_expired_session_count(),
            task_results=task_results.count(),
        )

    name = anonymized_name()
    bookings = messages = 0
    for offering_id in due_ids:
        done, deleted = anonymize_offering(offering_id, now=now, name=name)
        bookings += done
        messages += deleted
    registrations, deleted = anonymize_due_registrations(now=now)
    messages += deleted
    messages += leftover_messages.delete()[0]

    accounts = 0
    while ids := list(stale_users.values_list("pk", flat=True)[:BATCH_SIZE]):
        with transaction.atomic():
            delete_accounts(user_ids=ids)
        accounts += len(ids)

    feeds = _stale_feeds(cutoff=cutoff, due_ids=due_ids, stale_users=stale_users).delete()[0]
    undeliverable = _stale_undeliverable(
        due_ids=due_ids, stale_users=stale_users, now=now
    ).delete()[0]
    sessions = _expired_session_count()
    if sessions:
        session_store().clear_expired()
    results = task_results.delete()[0]

    counts = RetentionCounts(
        bookings=bookings,
        interest_registrations=registrations,
        outbox_messages=messages,
        accounts=accounts,
        calendar_feeds=feeds,
        undeliverable_addresses=undeliverable,
        sessions=sessions,
        task_results=results,
    )
    if counts.total:
        logger.info("retention: %s", " ".join(f"{k}={v}" for k, v in counts.as_dict().items()))
    return counts
