"""Anonymizing bookings once their offering has ended, and removing what else names a parent.

DESIGN.md: "Personal data is anonymized automatically a configurable time after an offering's
last session; counts for yearly statistics survive." A booking keeps its row, offering,
status, persons, source and times and its attendance rows (bookings/organize/statistics.py counts
them); its name, contact details, needs, account link and link token go. With them go the
e-mails rendered for it (the outbox holds names and addresses), parent accounts nobody has
used for the same time, and the leftovers that can still hold an address or a name: bounce
records, calendar feeds, expired sessions (a booking draft) and old task results.

Everything here is idempotent and cheap when nothing is due (a handful of queries), works in
batches, and logs counts only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest, Lower
from django.utils import timezone, translation
from django.utils.translation import pgettext

from bookings.models import (
    Booking,
    CalendarFeed,
    Offering,
    OutboxMessage,
    OutboxStatus,
    Session,
    UndeliverableAddress,
)
from bookings.models.booking import new_token

from . import locking

logger = logging.getLogger(__name__)

# Rows changed per transaction: bounded memory and short locks, however much is due.
BATCH_SIZE = 500


@dataclass(frozen=True)
class RetentionCounts:
    """What one run removed (or, in a dry run, would remove). Counts only, never data."""

    bookings: int = 0
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


def anonymized_name() -> str:
    """What an anonymized booking is called in lists and exports (staff read them in the
    site's language). Not empty: a row header without text would be an empty cell to staff
    and to screen readers."""
    with translation.override(settings.LANGUAGE_CODE):
        return pgettext("name of an anonymized booking", "Anonymized")


def retention_cutoff(*, now: datetime | None = None, days: int | None = None) -> datetime:
    days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
    return (now or timezone.now()) - timedelta(days=days)


# --- Which offerings have ended ----------------------------------------------------------


def _last_session_end():
    """The end of the offering's last session, cancelled sessions included."""
    return Subquery(
        Session.objects.filter(offering=OuterRef("pk"))
        .order_by()
        .values("offering")
        .annotate(last=Max("ends_at"))
        .values("last")
    )


def _last_booking_change():
    return Subquery(
        Booking.objects.filter(offering=OuterRef("pk"))
        .order_by()
        .values("offering")
        .annotate(last=Max("updated_at"))
        .values("last")
    )


def due_offerings(*, cutoff: datetime) -> QuerySet[Offering]:
    """Offerings with bookings not yet anonymized that ended before `cutoff`.

    "Ended" is the end of the last session, cancelled ones included. An offering without any
    session never ran: it counts from its last activity (staff's last edit of it or the last
    change to one of its bookings), so an offering still being planned, or still taking
    bookings, is never swept, while one abandoned for the retention time is.
    """
    not_anonymized = Booking.objects.filter(offering=OuterRef("pk"), anonymized_at__isnull=True)
    return (
        Offering.objects.filter(Exists(not_anonymized))
        .annotate(
            ended_at=Coalesce(
                _last_session_end(),
                Greatest("updated_at", Coalesce(_last_booking_change(), "updated_at")),
            )
        )
        .filter(ended_at__lt=cutoff)
        .order_by("pk")
    )


# --- Anonymizing bookings ----------------------------------------------------------------


def _anonymize_locked(booking_ids: list[int], *, now: datetime, name: str) -> tuple[int, int]:
    """Blank the bookings' personal fields and delete their e-mails; the caller holds the
    lock of their offering. Returns (bookings, outbox messages) changed.

    An e-mail in "sending" is being handed to the provider by a worker right now: deleting it
    under the worker would make it fail half-way, so it stays and a later run deletes it.
    """
    messages, _by_model = (
        OutboxMessage.objects.filter(booking_id__in=booking_ids)
        .exclude(status=OutboxStatus.SENDING)
        .delete()
    )
    rows = list(
        Booking.objects.filter(pk__in=booking_ids, anonymized_at__isnull=True).only("pk")
    )
    if not rows:
        return 0, messages
    Booking.objects.filter(pk__in=[row.pk for row in rows]).update(
        name=name,
        email="",
        phone="",
        child_age_band="",
        interpreter_language="",
        needs_childcare=False,
        access_needs=[],
        user=None,
        anonymized_at=now,
        updated_at=now,
    )
    # A new secret token each: the links in e-mails the parent still has stop working.
    for row in rows:
        row.token = new_token()
    Booking.objects.bulk_update(rows, ["token"], batch_size=BATCH_SIZE)
    return len(rows), messages


def anonymize_bookings(*, booking_ids: Iterable[int], now: datetime | None = None) -> int:
    """Anonymize these bookings now (whatever their offering); returns how many changed.

    Takes each offering's lock first, the order every booking writer uses (offering, then
    booking rows), one offering and batch at a time, in ascending offering order.
    """
    now = now or timezone.now()
    name = anonymized_name()
    by_offering: dict[int, list[int]] = {}
    for pk, offering_id in (
        Booking.objects.filter(pk__in=list(booking_ids))
        .order_by("offering_id", "pk")
        .values_list("pk", "offering_id")
    ):
        by_offering.setdefault(offering_id, []).append(pk)
    changed = 0
    for offering_id, ids in sorted(by_offering.items()):
        for start in range(0, len(ids), BATCH_SIZE):
            with transaction.atomic():
                locking.lock_offering(offering_id=offering_id)
                bookings, _messages = _anonymize_locked(
                    ids[start : start + BATCH_SIZE], now=now, name=name
                )
                changed += bookings
    return changed


def _anonymize_offering(offering_id: int, *, now: datetime, name: str) -> tuple[int, int]:
    bookings = messages = 0
    while True:
        ids = list(
            Booking.objects.filter(offering_id=offering_id, anonymized_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH_SIZE]
        )
        if not ids:
            return bookings, messages
        with transaction.atomic():
            locking.lock_offering(offering_id=offering_id)
            done, deleted = _anonymize_locked(ids, now=now, name=name)
        bookings += done
        messages += deleted
        if not done:  # someone else anonymized them meanwhile
            return bookings, messages


# --- Parent accounts ---------------------------------------------------------------------


def parent_accounts() -> QuerySet:
    """Accounts of parents: not staff, no admin rights of any kind, organizing nothing.
    Everyone else is removed by an administrator, never by these functions."""
    user_model = get_user_model()
    return user_model.objects.filter(is_staff=False, is_superuser=False).exclude(
        Q(Exists(user_model.groups.through.objects.filter(user_id=OuterRef("pk"))))
        | Q(Exists(user_model.user_permissions.through.objects.filter(user_id=OuterRef("pk"))))
        | Q(Exists(Offering.organizers.through.objects.filter(user_id=OuterRef("pk"))))
    )


def email_address_model():
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        return EmailAddress
    return None


def _delete_user_log_entries(user_ids: list[int]) -> None:
    """Wagtail's history of changes to these user objects (its labels can hold the name)."""
    from wagtail.models import ModelLogEntry

    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id__in=[str(pk) for pk in user_ids],
    ).delete()


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def delete_accounts(*, user_ids: list[int]) -> None:
    """Delete these accounts with their addresses, calendar feeds and Wagtail's log of them
    (their bookings are anonymized first, by the callers)."""
    _delete_user_log_entries(user_ids)
    email_model = email_address_model()
    if email_model is not None:
        email_model.objects.filter(user_id__in=user_ids).delete()
    CalendarFeed.objects.filter(user_id__in=user_ids).delete()
    get_user_model().objects.filter(pk__in=user_ids).delete()


# --- The periodic sweep ------------------------------------------------------------------


def _remaining_bookings(due_ids: list[int]) -> QuerySet[Booking]:
    """Bookings that still hold personal data after this run."""
    return Booking.objects.filter(anonymized_at__isnull=True).exclude(offering_id__in=due_ids)


def _stale_accounts(*, cutoff: datetime, due_ids: list[int]) -> QuerySet:
    """Parent accounts with no booking left to anonymize and unused since before `cutoff`."""
    return (
        parent_accounts()
        .exclude(Exists(_remaining_bookings(due_ids).filter(user=OuterRef("pk"))))
        .filter(
            Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
        )
        .order_by("pk")
    )


def _stale_feeds(*, cutoff: datetime, due_ids: list[int], stale_users) -> QuerySet:
    """Feeds of accounts without any booking left, not made or renewed within the retention
    time (a parent who just opened My pages and has not booked yet keeps theirs)."""
    return (
        CalendarFeed.objects.filter(created_at__lt=cutoff)
        .exclude(Exists(Booking.objects.filter(user=OuterRef("user")).exclude(
            offering_id__in=due_ids
        )))
        .exclude(user__in=stale_users)
    )


def _stale_undeliverable(*, due_ids: list[int], stale_users) -> QuerySet:
    """Bounce records of addresses no remaining booking or account uses."""
    user_model = get_user_model()
    address = Lower(OuterRef("email"))
    in_use = Q(
        Exists(_remaining_bookings(due_ids).annotate(address=Lower("email")).filter(
            address=address
        ))
    ) | Q(
        Exists(
            user_model.objects.exclude(pk__in=stale_users)
            .annotate(address=Lower("email"))
            .filter(address=address)
        )
    )
    email_model = email_address_model()
    if email_model is not None:
        in_use |= Q(
            Exists(
                email_model.objects.exclude(user__in=stale_users)
                .annotate(address=Lower("email"))
                .filter(address=address)
            )
        )
    return UndeliverableAddress.objects.exclude(in_use)


def _old_task_results(cutoff: datetime):
    if not apps.is_installed("django_tasks_db"):
        return None
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)


def _expired_session_count() -> int:
    store = session_store()
    if not hasattr(store, "get_model_class"):
        return 0
    return store.get_model_class().objects.filter(expire_date__lt=timezone.now()).count()


def anonymize_ended_offerings(
    *, now: datetime | None = None, days: int | None = None, dry_run: bool = False
) -> RetentionCounts:
    """Anonymize the bookings of offerings that ended more than `days` days ago (default
    PERSONAL_DATA_RETENTION_DAYS) and remove what else identifies their parents. With
    `dry_run` nothing changes and the counts say what would be removed.

    Steps, in this order so that each sees the result of the one before: bookings (with their
    e-mails), e-mails left behind because a worker was sending them, parent accounts unused
    for `days` days and without a booking left, calendar feeds without a booking, bounce
    records of addresses nobody uses any more, expired sessions, old finished task results.
    """
    now = now or timezone.now()
    cutoff = retention_cutoff(now=now, days=days)
    due_ids = list(due_offerings(cutoff=cutoff).values_list("pk", flat=True))
    stale_users = _stale_accounts(cutoff=cutoff, due_ids=due_ids).values("pk")
    leftover_messages = OutboxMessage.objects.filter(booking__anonymized_at__isnull=False).exclude(
        status=OutboxStatus.SENDING
    )
    task_results = _old_task_results(cutoff)

    if dry_run:
        return RetentionCounts(
            bookings=Booking.objects.filter(
                offering_id__in=due_ids, anonymized_at__isnull=True
            ).count(),
            outbox_messages=OutboxMessage.objects.filter(
                Q(booking__offering_id__in=due_ids, booking__anonymized_at__isnull=True)
                | Q(booking__anonymized_at__isnull=False)
            )
            .exclude(status=OutboxStatus.SENDING)
            .count(),
            accounts=stale_users.count(),
            calendar_feeds=_stale_feeds(
                cutoff=cutoff, due_ids=due_ids, stale_users=stale_users
            ).count(),
            undeliverable_addresses=_stale_undeliverable(
                due_ids=due_ids, stale_users=stale_users
            ).count(),
            sessions=_expired_session_count(),
            task_results=task_results.count() if task_results is not None else 0,
        )

    name = anonymized_name()
    bookings = messages = 0
    for offering_id in due_ids:
        done, deleted = _anonymize_offering(offering_id, now=now, name=name)
        bookings += done
        messages += deleted
    messages += leftover_messages.delete()[0]

    accounts = 0
    while ids := list(stale_users.values_list("pk", flat=True)[:BATCH_SIZE]):
        with transaction.atomic():
            delete_accounts(user_ids=ids)
        accounts += len(ids)

    feeds = _stale_feeds(cutoff=cutoff, due_ids=due_ids, stale_users=stale_users).delete()[0]
    undeliverable = _stale_undeliverable(due_ids=due_ids, stale_users=stale_users).delete()[0]
    sessions = _expired_session_count()
    if sessions:
        session_store().clear_expired()
    results = task_results.delete()[0] if task_results is not None else 0

    counts = RetentionCounts(
        bookings=bookings,
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
