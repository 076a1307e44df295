"""Which bookings are a parent's, and which accounts are parents': decided here, once.

A parent's bookings (and registrations on interest lists) are those linked to their account
and those made with one of the account's *verified* addresses (for example a booking staff
entered for them by phone). A verified address is one the parent has proved they read, and
the booking's own manage link was already e-mailed there, so showing it to them reveals
nothing new. Unverified addresses never count: anyone could type someone else's address into
their account.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from bookings.models import Booking, InterestRegistration, Offering


def verified_addresses(*, user) -> list[str]:
    """The account's verified e-mail addresses, lower-cased."""
    return [
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]


def bookings_of_parent(*, user, addresses: list[str] | None = None) -> QuerySet[Booking]:
    """The parent's bookings (see the module docstring). `addresses` saves a query when the
    caller already read `verified_addresses()`."""
    return _of_parent(Booking.objects, user=user, addresses=addresses)


def interest_registrations_of_parent(
    *, user, addresses: list[str] | None = None
) -> QuerySet[InterestRegistration]:
    """The parent's registrations on interest lists, by the same rule as their bookings."""
    return _of_parent(InterestRegistration.objects, user=user, addresses=addresses)


def _of_parent(rows: QuerySet, *, user, addresses: list[str] | None) -> QuerySet:
    """`rows` (with `user` and `email` columns) linked to the account or to one of its verified
    addresses."""
    if addresses is None:
        addresses = verified_addresses(user=user)
    mine = Q(user=user)
    if addresses:
        mine |= Q(lower_email__in=addresses) & ~Q(email="")
    return rows.annotate(lower_email=Lower("email")).filter(mine)


def parent_accounts() -> QuerySet:
    """Accounts of parents: not staff, no admin rights of any kind, organizing nothing.
    Everyone else is removed by an administrator, never by the parent or the retention job."""
    user_model = get_user_model()
    return user_model.objects.filter(is_staff=False, is_superuser=False).exclude(
        Q(Exists(user_model.groups.through.objects.filter(user_id=OuterRef("pk"))))
        | Q(Exists(user_model.user_permissions.through.objects.filter(user_id=OuterRef("pk"))))
        | Q(Exists(Offering.organizers.through.objects.filter(user_id=OuterRef("pk"))))
    )
