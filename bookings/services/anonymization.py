"""Anonymizing bookings: which offerings are due, and blanking their bookings' personal data.

DESIGN.md: "Personal data is anonymized automatically a configurable time after an offering's
last session; counts for yearly statistics survive." A booking keeps its row, offering,
status, persons, source and times and its attendance rows (the yearly statistics count them);
its name, contact details, needs, account link and link token go, and so do the e-mails
rendered for it (the outbox holds names and addresses). The site-wide retention run
(`parentsite.retention`) calls this first, then removes what else names a parent.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone, translation
from django.utils.translation import pgettext

from bookings.models import Booking, Offering, OutboxMessage, OutboxStatus
from bookings.models.booking import new_token

from . import locking

# Rows changed per transaction: bounded memory and short locks, however much is due.
BATCH_SIZE = 500


def anonymized_name() -> str:
    """What an anonymized booking is called in lists and exports (staff read them in the
    site's language). Not empty: a row header without text would be an empty cell to staff
    and to screen readers."""
    with translation.override(settings.LANGUAGE_CODE):
        return pgettext("name of an anonymized booking", "Anonymized")


def retention_cutoff(*, now: datetime | None = None, days: int | None = None) -> datetime:
    days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
    return (now or timezone.now()) - timedelta(days=days)


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

    "Ended" is the offering's stored end (`selectors.ending`). An offering without any session
    never ran: it counts from its last activity (staff's last edit of it or the last
    change to one of its bookings), so an offering still being planned, or still taking
    bookings, is never swept, while one abandoned for the retention time is.
    """
    not_anonymized = Booking.objects.filter(offering=OuterRef("pk"), anonymized_at__isnull=True)
    return (
        Offering.objects.filter(Exists(not_anonymized))
        .annotate(
            ended_at=Coalesce(
                "last_session_ends_at",
                # It has a booking not yet anonymized: the last change is never NULL.
                Greatest("updated_at", _last_booking_change()),
            )
        )
        .filter(ended_at__lt=cutoff)
        .order_by("pk")
    )


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
    Booking.objects.bulk_update(rows, ["token"])  # at most BATCH_SIZE rows: one query
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


def anonymize_offering(offering_id: int, *, now: datetime, name: str) -> tuple[int, int]:
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
