"""Telling booked parents about sessions: when staff add, move or cancel one, when the group's
venue changes, and the day before."""

from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings.models import Booking, BookingStatus, OfferingStatus, OutboxMessage, Session
from bookings.notifications.messages import BookingEmail, queue_booking_email

from .telling import Told, tell_households


class Announcement(NamedTuple):
    session: Session
    emailed: int  # households told by e-mail
    unreachable: int  # households with a seat that staff must phone (see `telling`)


def _seated(offering_id: int):
    return Booking.objects.filter(offering_id=offering_id, status=BookingStatus.CONFIRMED)


def announce_session_change(*, session_id: int) -> Announcement:
    """After staff changed a session's time, place or cancelled it: tell every household with
    a seat, with the updated series (a cancelled session left out of it)."""
    with transaction.atomic():
        session = Session.objects.get(pk=session_id)
        kind = (
            BookingEmail.SESSION_CANCELLED if session.is_cancelled else BookingEmail.SESSION_MOVED
        )
        told = tell_households(_seated(session.offering_id), kind=kind, session=session)
    return Announcement(session, *told)


def announce_session_added(*, session_id: int) -> Announcement:
    """A new session of an offering already booked: every household with a seat gets a
    message and an invite for that date."""
    with transaction.atomic():
        session = Session.objects.get(pk=session_id)
        told = tell_households(
            _seated(session.offering_id), kind=BookingEmail.SESSION_ADDED, session=session
        )
    return Announcement(session, *told)


def announce_venue_change(*, offering_id: int, now: datetime | None = None) -> Told:
    """The offering's venue changed: its coming sessions that have no venue of their own move
    with it. Every household with a seat gets one message listing them, with the updated series."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = list(
            Session.objects.filter(
                offering_id=offering_id, venue__isnull=True, is_cancelled=False, ends_at__gte=now
            ).order_by("starts_at")
        )
        if not changed:
            return Told(emailed=0, unreachable=0)
        return tell_households(
            _seated(offering_id), kind=BookingEmail.VENUE_CHANGED, changed_sessions=changed
        )


# Reminders are looked for this far ahead; an offering's own lead time is at most this long.
LONGEST_REMINDER_LEAD = timedelta(days=7)


def send_session_reminders(*, now: datetime | None = None) -> int:
    """Queue one reminder per confirmed booking for each session within its offering's
    reminder lead time (default the day before). Safe to run every minute: a reminder already
    queued for a booking and session is never queued again (a database constraint; a run that
    loses the race to another run at the same moment skips that reminder)."""
    now = now or timezone.now()
    upcoming = Session.objects.filter(
        is_cancelled=False,
        starts_at__gt=now,
        starts_at__lte=now + LONGEST_REMINDER_LEAD,
        offering__status=OfferingStatus.PUBLISHED,
        offering__reminder_hours__gt=0,
    ).select_related("offering")  # its reminder lead time
    queued = 0
    for session in upcoming:
        if session.starts_at - now > timedelta(hours=session.offering.reminder_hours):
            continue
        reminded = OutboxMessage.objects.filter(
            session=session, kind=BookingEmail.REMINDER
        ).values_list("booking_id", flat=True)
        due = Booking.objects.filter(
            offering_id=session.offering_id, status=BookingStatus.CONFIRMED
        ).exclude(pk__in=reminded)
        for booking in due:
            try:
                with transaction.atomic():
                    if queue_booking_email(
                        booking=booking, kind=BookingEmail.REMINDER, session=session
                    ):
                        queued += 1
            except IntegrityError:
                # Another run (the timer on another machine) queued it since we looked.
                continue
    return queued
