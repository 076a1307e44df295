"""Writes of "My pages": a parent's details, and bookings that follow a changed e-mail address.

Both touch only the given account's own rows: the profile, and that account's active bookings.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.functions import Lower

from bookings.models import ACTIVE_STATUSES, Booking, ParentProfile


def save_profile(*, user, name: str, phone: str, language: str) -> ParentProfile:
    """Store the parent's details; a chosen language also applies to their active bookings,
    so reminders and changes already on their way are written in it too."""
    with transaction.atomic():
        profile, _created = ParentProfile.objects.update_or_create(
            user=user,
            defaults={"name": name.strip(), "phone": phone.strip(), "language": language},
        )
        if language:
            Booking.objects.filter(user=user, status__in=ACTIVE_STATUSES).exclude(
                language=language
            ).update(language=language)
    return profile


def move_bookings_to_email(*, user, email: str) -> int:
    """Point the account's active bookings at its new address; returns how many moved.

    Only this account's bookings in an active status change: cancelled and past bookings keep
    the address they were made with. A booking is left alone where the new address already has
    an active booking for the same offering (one active booking per offering and address).
    """
    email = email.strip().lower()
    with transaction.atomic():
        taken = Booking.objects.annotate(lower_email=Lower("email")).filter(
            lower_email=email, status__in=ACTIVE_STATUSES
        )
        return (
            Booking.objects.filter(user=user, status__in=ACTIVE_STATUSES)
            .exclude(email__iexact=email)
            .exclude(offering_id__in=taken.values("offering_id"))
            .update(email=email)
        )
