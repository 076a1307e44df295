"""Staff creating, editing and deleting offerings and sessions in the admin's forms.

The admin's create, edit and delete views call these instead of saving the form themselves, so
every such write takes the offering lock, follows the same rules as the organizer's actions
(`staff.py`) and leaves one entry in the staff log, naming the changed fields and never their
values. What a change must tell parents is decided here too: a moved or cancelled session goes
through `announce_session_change()`, a new capacity through `change_capacity()`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from bookings.audit import log_staff_action
from bookings.models import ACTIVE_STATUSES, AttendanceMark, Offering, OfferingStatus, Session

from . import locking
from .capacity import change_capacity
from .errors import BookingError
from .offering_cancellation import cancel_active_bookings
from .schedule import refresh_offering_dates
from .sessions import announce_session_added, announce_session_change, announce_venue_change
from .telling import Told

# A change to any of these means parents' calendars are out of date.
CALENDAR_FIELDS = ("starts_at", "ends_at", "venue", "is_cancelled")


class Saved(NamedTuple):
    """What a staff edit saved, and whom it told (None when it told nobody)."""

    instance: Offering | Session
    told: Told | None = None


def _apply(instance, changes: dict[str, Any]) -> list[str]:
    """Set the changed model fields; many-to-many fields are set after saving by the caller."""
    for name, value in changes.items():
        setattr(instance, name, value)
    return sorted(changes)


def create_offering(*, actor, fields: dict[str, Any], organizers=None) -> Offering:
    """A new round of a program. It takes no bookings until its status is published."""
    with transaction.atomic():
        offering = Offering(**fields)
        offering.save()
        if organizers is not None:
            offering.organizers.set(organizers)
        log_staff_action(instance=offering, action="bookings.offering_created", user=actor)
    return offering


def update_offering(*, offering_id: int, actor, changes: dict[str, Any]) -> Saved:
    """Apply the changed settings under the offering's lock, with what each change means:
    - a new capacity goes through `change_capacity()` (raising it promotes the waitlist,
      lowering it bumps nobody);
    - status "cancelled" cancels every active booking and tells each household;
    - a new venue moves the coming sessions without a venue of their own, and the households
      with a seat are told.
    """
    changes = dict(changes)
    capacity = changes.pop("capacity", None)
    organizers = changes.pop("organizers", None)
    told = None
    with transaction.atomic():
        offering = locking.lock_offering(offering_id=offering_id)
        was_cancelled = offering.status == OfferingStatus.CANCELLED
        changed = _apply(offering, changes)
        offering.save()
        if organizers is not None:
            offering.organizers.set(organizers)
            changed.append("organizers")
        if capacity is not None and capacity != offering.capacity:
            offering = change_capacity(offering_id=offering_id, capacity=capacity)
            changed.append("capacity")
        if offering.status == OfferingStatus.CANCELLED and not was_cancelled:
            told = cancel_active_bookings(offering_id=offering_id)
        elif "venue" in changed and offering.status != OfferingStatus.CANCELLED:
            told = announce_venue_change(offering_id=offering_id)
        if changed:
            log_staff_action(
                instance=offering,
                action="bookings.offering_edited",
                user=actor,
                data={"fields": sorted(changed), **(told._asdict() if told else {})},
            )
    return Saved(offering, told)


def offering_deletion_refusal(offering: Offering) -> str | None:
    """Why this offering must stay, or None when it may be deleted."""
    if offering.bookings.exists():
        return _(
            "This offering has bookings, so it cannot be deleted. "
            "Set its status to “Cancelled” instead."
        )
    return None


def delete_offering(*, offering_id: int, actor) -> None:
    """Delete an offering nobody has booked (refused otherwise, re-checked under the lock)."""
    with transaction.atomic():
        offering = locking.lock_offering(offering_id=offering_id)
        refusal = offering_deletion_refusal(offering)
        if refusal:
            raise BookingError(refusal, code="has_bookings")
        log_staff_action(instance=offering, action="bookings.offering_deleted", user=actor)
        offering.delete()


def add_session(*, actor, offering: Offering, fields: dict[str, Any]) -> Saved:
    """A new dated meeting of an offering; households with a seat get an invite for it."""
    with transaction.atomic():
        locking.lock_offering(offering_id=offering.pk)
        session = Session.objects.create(offering=offering, **fields)
        refresh_offering_dates(offering_ids=[offering.pk])
        told = None
        if not session.is_cancelled:
            announcement = announce_session_added(session_id=session.pk)
            told = Told(announcement.emailed, announcement.unreachable)
        log_staff_action(
            instance=session,
            action="bookings.session_added",
            user=actor,
            data={"offering": offering.pk, **(told._asdict() if told else {})},
        )
    return Saved(session, told)


def update_session(*, session_id: int, actor, changes: dict[str, Any]) -> Saved:
    """Apply the changed fields under the offering's lock; when the time, place or
    cancellation changed, tell the households with a seat."""
    changes = dict(changes)
    told = None
    with transaction.atomic():
        offering_id = Session.objects.values_list("offering_id", flat=True).get(pk=session_id)
        locking.lock_offering(offering_id=offering_id)
        session = Session.objects.get(pk=session_id)
        new_offering = changes.pop("offering", None)
        if new_offering is not None and new_offering.pk != offering_id:
            raise BookingError(
                _("A session cannot move to another group. Add a session to that group instead."),
                code="invalid",
            )
        changed = _apply(session, changes)
        session.save()
        refresh_offering_dates(offering_ids=[offering_id])
        if any(name in CALENDAR_FIELDS for name in changed):
            announcement = announce_session_change(session_id=session.pk)
            session, told = announcement.session, Told(*announcement[1:])
        if changed:
            log_staff_action(
                instance=session,
                action="bookings.session_edited",
                user=actor,
                data={"offering": offering_id, "fields": changed},
            )
    return Saved(session, told)


def session_deletion_refusal(session: Session) -> str | None:
    """Why this session must stay, or None when it may be deleted."""
    if session.attendances.exclude(mark=AttendanceMark.NOTIFIED).exists():
        return _(
            "Attendance has been recorded for this session, so it cannot be deleted. "
            "Mark it as cancelled instead."
        )
    if session.offering.bookings.filter(status__in=ACTIVE_STATUSES).exists():
        return _(
            "Parents have booked this group, so the session cannot be deleted. "
            "Mark it as cancelled instead, so that their calendars can be updated."
        )
    return None


def delete_session(*, session_id: int, actor) -> None:
    """Delete a session nobody is booked for (refused otherwise, re-checked under the lock)."""
    with transaction.atomic():
        offering_id = Session.objects.values_list("offering_id", flat=True).get(pk=session_id)
        locking.lock_offering(offering_id=offering_id)
        session = Session.objects.get(pk=session_id)
        refusal = session_deletion_refusal(session)
        if refusal:
            raise BookingError(refusal, code="has_bookings")
        log_staff_action(
            instance=session,
            action="bookings.session_deleted",
            user=actor,
            data={"offering": offering_id},
        )
        # Notices of absence from households that have since cancelled: moot without the session.
        session.attendances.all().delete()
        session.delete()
        refresh_offering_dates(offering_ids=[offering_id])
