"""Finished groups for tests of pages that must not cost more as history grows: past offerings
with anonymized bookings, attendance marks and the staff-log entries marking writes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from wagtail.log_actions import log

from bookings.models import Attendance, AttendanceMark, Booking, BookingStatus
from tests.factories import BookingFactory, OfferingFactory, SessionFactory

MARKS = (AttendanceMark.PRESENT, AttendanceMark.ABSENT, AttendanceMark.NOTIFIED)


def add_history(program, *, offerings: int = 2, households: int = 3, sessions: int = 3,
                years_ago: int = 1, actor=None) -> list:  # fmt: skip
    """`offerings` groups of `program` that ended about `years_ago` years ago, each with
    anonymized households marked at every session (one log entry per mark)."""
    made = []
    for number in range(offerings):
        offering = OfferingFactory(program=program, title=f"Avslutad {years_ago}-{number}")
        first = timezone.now() - timedelta(days=365 * years_ago + 7 * number)
        held = [
            SessionFactory(
                offering=offering,
                starts_at=first + timedelta(weeks=week),
                ends_at=first + timedelta(weeks=week, hours=2),
            )
            for week in range(sessions)
        ]
        for household in range(households):
            booking = BookingFactory(
                offering=offering,
                status=BookingStatus.CONFIRMED if household else BookingStatus.CANCELLED,
                anonymized_at=timezone.now(),
            )
            Booking.objects.filter(pk=booking.pk).update(email="", name="Anonymiserad")
            for session in held:
                mark = MARKS[(household + session.pk) % len(MARKS)]
                Attendance.objects.create(booking=booking, session=session, mark=mark)
                log(
                    instance=booking,
                    action="bookings.attendance",
                    user=actor,
                    data={"session": session.pk, "mark": mark},
                )
        made.append(offering)
    return made
