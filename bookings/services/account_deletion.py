"""A parent deleting their own account: their coming bookings are cancelled, the rest goes.

The seats they give up go to the waitlist as after any cancellation, and those parents are
e-mailed. The deleted parent is not: the cancellation e-mails are deleted, unsent, with the
rest of their data in the same transaction (the outbox worker then finds nothing to send).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import ACTIVE_STATUSES, Booking, Session

from . import locking
from .booking import cancel_booking
from .errors import BookingError
from .retention import (
    anonymize_bookings,
    delete_accounts,
    email_address_model,
    parent_accounts,
    session_store,
)

logger = logging.getLogger(__name__)


def _offering_has_ended(offering_ids: Iterable[int], *, now: datetime) -> dict[int, bool]:
    """Whether each offering's last session (cancelled ones included) is over. An offering
    with no sessions has not ended: it has not even started."""
    ends = dict(
        Session.objects.filter(offering_id__in=list(offering_ids))
        .order_by()
        .values("offering_id")
        .annotate(last=Max("ends_at"))
        .values_list("offering_id", "last")
    )
    return {
        offering_id: ends.get(offering_id) is not None and ends[offering_id] <= now
        for offering_id in offering_ids
    }


def _delete_sessions_of(user_id: int) -> int:
    """Delete every stored session logged in as this user (all their devices).

    Sessions are signed blobs keyed by a random key, with no user column, so each stored one
    is decoded; account deletion is rare and sessions expire, so this stays small. Engines
    that store nothing on the server (signed cookies) have nothing to delete here.
    """
    store = session_store()
    if not hasattr(store, "get_model_class"):
        return 0
    deleted = 0
    for session in store.get_model_class().objects.only("session_key", "session_data").iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            store(session_key=session.session_key).delete()
            deleted += 1
    return deleted


def bookings_of_account(*, user) -> QuerySet[Booking]:
    """The account's bookings: linked to it, or made with one of its verified addresses
    (e.g. added by staff on the phone). Unverified addresses do not count: anyone can type
    someone else's address into their account."""
    addresses = []
    email_model = email_address_model()
    if email_model is not None:
        addresses = [
            address.lower()
            for address in email_model.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        ]
    mine = Q(user=user)
    if addresses:
        mine |= Q(email__in=addresses)
    return Booking.objects.filter(mine, anonymized_at__isnull=True)


def bookings_cancelled_by_deletion(*, user, now: datetime | None = None) -> list[Booking]:
    """The account's active bookings of offerings that have not ended: deleting the account
    cancels them (their seats go to the waitlist)."""
    now = now or timezone.now()
    active = list(
        bookings_of_account(user=user)
        .filter(status__in=ACTIVE_STATUSES)
        .select_related("offering__program")
        .annotate(first_session_at=Min("offering__sessions__starts_at"))
        .order_by("first_session_at", "pk")
    )
    ended = _offering_has_ended({booking.offering_id for booking in active}, now=now)
    return [booking for booking in active if not ended[booking.offering_id]]


def delete_parent_account(*, user_id: int, now: datetime | None = None) -> int:
    """Delete a parent's account at their request; returns how many bookings were cancelled.

    Their active bookings of offerings that have not ended are cancelled through
    `cancel_booking` (see the module's docstring for who is e-mailed). Then all their bookings
    are anonymized (past ones keep counting in the statistics) and their calendar feed,
    addresses, sessions and account are deleted. All or nothing: one transaction, which takes
    the offerings' locks one at a time in ascending order, so two deletions never deadlock.
    """
    now = now or timezone.now()
    user = parent_accounts().filter(pk=user_id).first()
    if user is None:
        if get_user_model().objects.filter(pk=user_id).exists():
            raise BookingError(
                _("Staff accounts are removed by an administrator."), code="staff_account"
            )
        raise BookingError(_("We could not find that account."), code="not_found")

    cancelled = 0
    with transaction.atomic():
        by_offering: dict[int, list[int]] = {}
        for pk, offering_id in (
            bookings_of_account(user=user).order_by("pk").values_list("pk", "offering_id")
        ):
            by_offering.setdefault(offering_id, []).append(pk)
        ended = _offering_has_ended(by_offering, now=now)
        for offering_id, ids in sorted(by_offering.items()):
            locking.lock_offering(offering_id=offering_id)
            if not ended[offering_id]:
                # Read under the lock; a loop because cancelling one seat can promote the
                # parent's own waitlisted booking here (which is then cancelled as well).
                while pk := (
                    Booking.objects.filter(pk__in=ids, status__in=ACTIVE_STATUSES)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                    .first()
                ):
                    cancel_booking(booking_id=pk, now=now)
                    cancelled += 1
            anonymize_bookings(booking_ids=ids, now=now)
        _delete_sessions_of(user.pk)
        delete_accounts(user_ids=[user.pk])
    logger.info("deleted one parent account, cancelled %d bookings", cancelled)
    return cancelled
