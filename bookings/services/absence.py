"""A parent saying in advance "I can't come this time", and taking it back.

The notice is an attendance mark (`AttendanceMark.NOTIFIED`) on one coming session of a
confirmed booking; no reason is asked or kept. It can be given and taken back until the
session starts. A mark a leader has already made (present or absent) is theirs: the parent's
page does not overwrite it. Both steps hold the offering's lock, like every attendance write,
so a notice and a leader's save at the same moment end in one of the two, never a mix.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Attendance, AttendanceMark, BookingStatus, Session

from . import locking
from .errors import BookingError


def _coming_session(*, booking, session_id: int, now: datetime) -> Session:
    """The booking's session `session_id`, if a notice about it can still be given."""
    if booking.status != BookingStatus.CONFIRMED:
        raise BookingError(_("Only a confirmed booking has sessions to come to."), code="status")
    session = Session.objects.filter(pk=session_id, offering_id=booking.offering_id).first()
    if session is None:
        raise BookingError(_("That session is not part of your booking."), code="not_found")
    if session.is_cancelled:
        raise BookingError(_("This session is cancelled."), code="cancelled")
    if session.starts_at <= now:
        raise BookingError(
            _("This session has already started, so it can no longer be changed here."),
            code="started",
        )
    return session


def notify_absence(*, booking_id: int, session_id: int, now: datetime | None = None) -> None:
    """Record that the household will not come to one coming session."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = locking.lock_booking(booking_id=booking_id)
        session = _coming_session(booking=booking, session_id=session_id, now=now)
        mark = (
            Attendance.objects.filter(booking=booking, session=session)
            .values_list("mark", flat=True)
            .first()
        )
        if mark == AttendanceMark.NOTIFIED:
            return
        if mark is not None:
            raise BookingError(
                _("The leaders have already marked this session for you."), code="marked"
            )
        Attendance.objects.create(booking=booking, session=session, mark=AttendanceMark.NOTIFIED)


def withdraw_absence(*, booking_id: int, session_id: int, now: datetime | None = None) -> None:
    """Take back a notified absence: the household will come after all."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = locking.lock_booking(booking_id=booking_id)
        session = _coming_session(booking=booking, session_id=session_id, now=now)
        Attendance.objects.filter(
            booking=booking, session=session, mark=AttendanceMark.NOTIFIED
        ).delete()
