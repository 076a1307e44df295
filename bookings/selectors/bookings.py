"""Reads of single bookings: by the secret link, by address, and a parent's saved details."""

from __future__ import annotations

from django.db.models import Prefetch

from bookings.models import ACTIVE_STATUSES, Booking, ParentProfile
from bookings.models.booking import is_token_shaped

from .offerings import sessions_with_venues


def active_booking_for(*, offering_id: int, email: str) -> Booking | None:
    return Booking.objects.filter(
        offering_id=offering_id, email__iexact=email, status__in=ACTIVE_STATUSES
    ).first()


def booking_by_token(*, token: str) -> Booking | None:
    """The booking a manage link points at. The lookup is an indexed equality on a 256-bit
    random token; a wrong token finds nothing (one that no token could be, without a query)."""
    if not is_token_shaped(token):
        return None
    return (
        Booking.objects.select_related("offering__program", "offering__venue")
        .prefetch_related(Prefetch("offering__sessions", queryset=sessions_with_venues()))
        .filter(token=token)
        .first()
    )


def last_contact_details(*, user) -> dict:
    """Name and phone of the latest booking this account made itself, to fill in the next form."""
    latest = (
        Booking.objects.filter(user=user)
        .exclude(name="")
        .order_by("-created_at")
        .values("name", "phone")
        .first()
    )
    return latest or {}


def profile_of(*, user) -> ParentProfile | None:
    return ParentProfile.objects.filter(user=user).first()


def booking_form_defaults(*, user) -> dict:
    """Name and phone for a new booking: the parent's saved details, else those of the last
    booking this account made."""
    details = last_contact_details(user=user)
    profile = profile_of(user=user)
    if profile is not None:
        details = {
            "name": profile.name or details.get("name", ""),
            "phone": profile.phone or details.get("phone", ""),
        }
    return {key: value for key, value in details.items() if value}


def message_language(*, user) -> str:
    """The language the parent chose for e-mails, or "" to follow the site's language."""
    if not user.is_authenticated:
        return ""
    profile = profile_of(user=user)
    return profile.language if profile is not None else ""
