"""The interest list: a household registers, withdraws, or leaves the list by booking a group.

A household has at most one waiting registration per program and address (the database's
constraint is the one home of that rule, as for bookings). Staff add households met by phone
through the same function, with `source=STAFF` and possibly no address.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import (
    Booking,
    InterestRegistration,
    InterestSource,
    InterestStatus,
    TimeOfDay,
    Weekday,
)

from .errors import BookingError


def _waiting_registration(*, program_id: int, email: str) -> InterestRegistration | None:
    return InterestRegistration.objects.filter(
        program_id=program_id, email__iexact=email, status=InterestStatus.WAITING
    ).first()


def register_interest(
    *,
    program_id: int,
    email: str,
    name: str,
    phone: str = "",
    persons: int = 1,
    child_age_band: str = "",
    preferred_language: str = "",
    preferred_weekdays: list[int] | tuple[int, ...] = (),
    preferred_time_of_day: str = "",
    user=None,
    source: str = InterestSource.WEB,
    language: str = "sv",
    registered_at: datetime | None = None,
    carried_over_from: Booking | None = None,
    now: datetime | None = None,
) -> InterestRegistration:
    """Put a household on a program's interest list.

    Raises BookingError (code "duplicate", with the waiting registration) when the address is
    already waiting for this program, and (code "invalid") for choices outside the lists.
    """
    now = now or timezone.now()
    email = email.strip().lower()
    if persons < 1:
        raise BookingError(_("At least one person must come."), code="invalid")
    weekdays = sorted({int(day) for day in preferred_weekdays})
    if set(weekdays) - set(Weekday.values):
        raise BookingError(_("Choose days from the list."), code="invalid")
    if preferred_time_of_day and preferred_time_of_day not in TimeOfDay.values:
        raise BookingError(_("Choose a time of day from the list."), code="invalid")
    registration = InterestRegistration(
        program_id=program_id,
        user=user,
        email=email,
        name=name.strip(),
        phone=phone.strip(),
        persons=persons,
        child_age_band=child_age_band,
        preferred_language=preferred_language,
        preferred_weekdays=weekdays,
        preferred_time_of_day=preferred_time_of_day,
        source=source,
        language=language,
        registered_at=registered_at or now,
        carried_over_from=carried_over_from,
    )
    try:
        with transaction.atomic():
            registration.save(force_insert=True)
    except IntegrityError as error:
        existing = _waiting_registration(program_id=program_id, email=email) if email else None
        raise BookingError(
            _("You are already on the interest list for this program."),
            code="duplicate",
            registration=existing,
        ) from error
    return registration


def withdraw_interest(*, registration_id: int, now: datetime | None = None) -> InterestRegistration:
    """Take a waiting household off the interest list (the parent, or staff on its behalf)."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = InterestRegistration.objects.select_for_update().get(pk=registration_id)
        if registration.status != InterestStatus.WAITING:
            raise BookingError(
                _("This registration is no longer on the interest list."), code="not_active"
            )
        registration.status = InterestStatus.WITHDRAWN
        registration.withdrawn_at = now
        registration.save(update_fields=["status", "withdrawn_at", "updated_at"])
    return registration


def leave_interest_list(*, booking: Booking, program_id: int) -> int:
    """A household that booked a group (a seat or its waitlist) leaves the program's interest
    list: inside the booking's transaction, one UPDATE. Returns how many registrations left."""
    if not booking.email:
        return 0
    return InterestRegistration.objects.filter(
        program_id=program_id, email__iexact=booking.email, status=InterestStatus.WAITING
    ).update(status=InterestStatus.BOOKED, booking=booking, updated_at=timezone.now())
