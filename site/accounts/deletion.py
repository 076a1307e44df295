"""A parent deleting their own account: their coming bookings are cancelled, the rest goes.

The seats they give up go to the waitlist as after any cancellation, and those parents are
e-mailed. The deleted parent is not: the cancellation e-mails are deleted, unsent, with the
rest of their data in the same transaction (the outbox worker then finds nothing to send).
Their registrations on interest lists (by the same rule as their bookings: linked to the
account or made with one of its verified addresses) leave the lists and are anonymized, and
their e-mails (an invitation not yet sent) are deleted.
`delete_accounts()` is shared with the retention run, which removes accounts nobody used.
"""

from __future__ import annotations

import logging
from datetime import datetime
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from bookings.models import ACTIVE_STATUSES, Booking, CalendarFeed
from bookings.selectors import has_ended
from bookings.services import BookingError, cancel_booking
from bookings.services.anonymization import anonymize_bookings
from bookings.services.interest_anonymization import anonymize_registrations
from bookings.services.locking import lock_offering

from .ownership import bookings_of_parent, interest_registrations_of_parent, parent_accounts

logger = logging.getLogger(__name__)


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def delete_accounts(*, user_ids: list[int]) -> None:
    """Delete these accounts with their addresses, calendar feeds and Wagtail's history of
    them, whose labels can hold the name (their bookings are anonymized first, by the
    callers)."""
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id__in=[str(pk) for pk in user_ids],
    ).delete()
    EmailAddress.objects.filter(user_id__in=user_ids).delete()
    CalendarFeed.objects.filter(user_id__in=user_ids).delete()
    get_user_model().objects.filter(pk__in=user_ids).delete()


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


def bookings_cancelled_by_deletion(*, user, now: datetime | None = None) -> list[Booking]:
    """The account's active bookings of offerings that have not ended: deleting the account
    cancels them (their seats go to the waitlist)."""
    now = now or timezone.now()
    active = (
        bookings_of_parent(user=user)
        .filter(status__in=ACTIVE_STATUSES)
        .select_related("offering__program")
        .annotate(
            first_session_at=Min("offering__sessions__starts_at"),
            offering_ends_at=F("offering__last_session_ends_at"),
        )
        .order_by("first_session_at", "pk")
    )
    return [booking for booking in active if not has_ended(booking.offering_ends_at, now=now)]


def delete_parent_account(*, user_id: int, now: datetime | None = None) -> int:
    """Delete a parent's account at their request; returns how many bookings were cancelled.

    Their active bookings of offerings that have not ended are cancelled through
    `cancel_booking` (see the module's docstring for who is e-mailed). Then all their bookings
    are anonymized (past ones keep counting in the statistics), their registrations on
    interest lists leave the lists, anonymized, and their calendar feed, addresses, sessions
    and account are deleted. All or nothing: one transaction, which takes
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
        ended: dict[int, bool] = {}
        for pk, offering_id, ends_at in (
            bookings_of_parent(user=user)
            .order_by("pk")
            .values_list("pk", "offering_id", "offering__last_session_ends_at")
        ):
            by_offering.setdefault(offering_id, []).append(pk)
            ended[offering_id] = has_ended(ends_at, now=now)
        for offering_id, ids in sorted(by_offering.items()):
            lock_offering(offering_id=offering_id)
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
        registrations = interest_registrations_of_parent(user=user).values_list("pk", flat=True)
        anonymize_registrations(registration_ids=registrations, now=now)
        _delete_sessions_of(user.pk)
        delete_accounts(user_ids=[user.pk])
    logger.info("deleted one parent account, cancelled %d bookings", cancelled)
    return cancelled
