"""Attendance: what is on record for one booked household at one session."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceMark(models.TextChoices):
    """The three marks; no row at all means "not marked yet".

    A notified absence is the household saying in advance that it cannot come (from the
    booking's page, or by phoning a leader who records it): it is not a no-show, and the
    statistics count it apart. No reason is ever stored.
    """

    PRESENT = "present", _("present")
    ABSENT = "absent", _("absent (no-show)")
    NOTIFIED = "notified", _("absent, said so in advance")


class Attendance(models.Model):
    """Whether one booked household came to one session, or said in advance it would not."""

    booking = models.ForeignKey(
        "bookings.Booking", on_delete=models.CASCADE, related_name="attendances"
    )
    session = models.ForeignKey(
        "bookings.Session", on_delete=models.PROTECT, related_name="attendances"
    )
    mark = models.CharField(_("mark"), max_length=8, choices=AttendanceMark.choices)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "session"], name="attendance_once_per_booking_and_session"
            ),
            models.CheckConstraint(
                condition=models.Q(mark__in=AttendanceMark.values), name="attendance_mark_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Attendance {self.booking_id}/{self.session_id}: {self.mark}"
