"""Anonymizing registrations on interest lists: when each is due, and what it keeps.

When a registration is due (INTEREST_RETENTION_DAYS, default 365: long enough for the next
round of a program that runs once a year; INTEREST_MAX_WAIT_DAYS, default 730):

- **Invited, still waiting**: a household invited to a group that did not book it stays on
  the list, until INTEREST_RETENTION_DAYS after its last invitation (`last_invited_at`; each
  new invitation starts the time again). Then it is anonymized and leaves the list
  (withdrawn).
- **Left the list**: a household that withdrew (or that staff took off the list) or that
  booked a group, INTEREST_RETENTION_DAYS after it left: `withdrawn_at`, or for a booking
  the registration's last change (`updated_at`, the moment the booking took it off the
  list). The booking itself follows the bookings' own retention.
- **Never invited, still waiting**: kept while it waits (no group has opened since, or staff
  phone it because it gave no address), but at most INTEREST_MAX_WAIT_DAYS after it
  registered (`registered_at`: a household carried over from a waitlist counts from when it
  joined that waitlist). Then it is anonymized and leaves the list.

"After" means more than that time: a registration exactly N days past is kept, as bookings
are. Anonymizing keeps the row, its program, source, status, persons, times and invitations
(the yearly statistics count registrations per program, year and source, and whether they
booked: bookings/organize/unmet_demand.py) and blanks the name (to the same word as an
anonymized booking's), e-mail, phone, account link and preferences (age band, language, days,
time of day). The e-mails queued or kept about it are deleted (the outbox holds the address),
except one a worker is sending right now, which the retention run deletes later.

The site-wide retention run (`parentsite.retention`) calls `anonymize_due_registrations`;
account deletion calls `anonymize_registrations` for the parent's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import timezone

from bookings.models import InterestRegistration, InterestStatus, OutboxMessage, OutboxStatus

from .anonymization import BATCH_SIZE, anonymized_name


def due_q(*, now: datetime) -> Q:
    """Registrations due for anonymization at `now` (the rule in the module docstring)."""
    kept_after = now - timedelta(days=settings.INTEREST_RETENTION_DAYS)
    waited_since = now - timedelta(days=settings.INTEREST_MAX_WAIT_DAYS)
    waiting = Q(status=InterestStatus.WAITING)
    invited_long_ago = waiting & Q(last_invited_at__lt=kept_after)
    waited_too_long = waiting & Q(last_invited_at__isnull=True, registered_at__lt=waited_since)
    left_long_ago = Q(status__in=[InterestStatus.WITHDRAWN, InterestStatus.BOOKED]) & (
        Q(withdrawn_at__lt=kept_after) | Q(withdrawn_at__isnull=True, updated_at__lt=kept_after)
    )
    return Q(anonymized_at__isnull=True) & (invited_long_ago | waited_too_long | left_long_ago)


def due_registrations(*, now: datetime) -> QuerySet[InterestRegistration]:
    return InterestRegistration.objects.filter(due_q(now=now))


def anonymize_registrations(
    *, registration_ids: Iterable[int], now: datetime | None = None, only: Q | None = None
) -> tuple[int, int]:
    """Anonymize these registrations (those still matching `only`, when given); a waiting
    one leaves the list. Returns (registrations, outbox messages) changed.

    One UPDATE, whose WHERE clause decides: a registration an invitation or a booking changed
    since it was chosen is checked again as it is now (PostgreSQL re-reads a row changed by a
    concurrent transaction before updating it), so it is not anonymized by a stale choice.
    """
    now = now or timezone.now()
    ids = list(registration_ids)
    rows = InterestRegistration.objects.filter(pk__in=ids, anonymized_at__isnull=True)
    if only is not None:
        rows = rows.filter(only)
    waiting = When(status=InterestStatus.WAITING, then=Value(InterestStatus.WITHDRAWN))
    changed = rows.update(
        status=Case(waiting, default=F("status")),
        withdrawn_at=Case(
            When(status=InterestStatus.WAITING, then=Value(now)), default=F("withdrawn_at")
        ),
        name=anonymized_name(),
        email="",
        phone="",
        user=None,
        child_age_band="",
        preferred_language="",
        preferred_weekdays=[],
        preferred_time_of_day="",
        anonymized_at=now,
        updated_at=now,
    )
    messages, _by_model = (
        OutboxMessage.objects.filter(
            interest_registration_id__in=ids, interest_registration__anonymized_at__isnull=False
        )
        .exclude(status=OutboxStatus.SENDING)
        .delete()
    )
    return changed, messages


def anonymize_due_registrations(*, now: datetime | None = None) -> tuple[int, int]:
    """Anonymize every registration due at `now`, in batches. Returns (registrations,
    outbox messages) changed."""
    now = now or timezone.now()
    registrations = messages = 0
    due = due_registrations(now=now).order_by("pk").values_list("pk", flat=True)
    after = 0
    while ids := list(due.filter(pk__gt=after)[:BATCH_SIZE]):
        with transaction.atomic():
            done, deleted = anonymize_registrations(
                registration_ids=ids, now=now, only=due_q(now=now)
            )
        registrations += done
        messages += deleted
        after = ids[-1]
    return registrations, messages
