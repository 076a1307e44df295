"""Reads of single bookings: by the secret link, by address, its coming sessions, and a
parent's saved details."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone

from bookings.models import (
    ACTIVE_STATUSES,
    Attendance,
    AttendanceMark,
    Booking,
    BookingStatus,
    ParentProfile,
    Session,
)
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


@dataclass(frozen=True)
class ComingSession:
    """A session the household is booked for and that has not started, and whether the
    household has said it cannot come to it."""

    session: Session
    notified_absence: bool


def coming_sessions(*, booking: Booking, now: datetime | None = None) -> list[ComingSession]:
    """The confirmed booking's live sessions still to come, in time order (none for a booking
    in another state). Reads the sessions `booking_by_token` prefetched, plus one query."""
    if booking.status != BookingStatus.CONFIRMED:
        return []
    now = now or timezone.now()
    sessions = sorted(
        (s for s in booking.offering.sessions.all() if not s.is_cancelled and s.starts_at > now),
        key=lambda s: (s.starts_at, s.pk),
    )
    if not sessions:
        return []
    notified = set(
        Attendance.objects.filter(
            booking=booking, mark=AttendanceMark.NOTIFIED, session__in=sessions
        ).values_list("session_id", flat=True)
    )
    return [ComingSession(session, session.pk in notified) for session in sessions]
