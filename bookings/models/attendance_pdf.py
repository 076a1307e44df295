"""A printed attendance list made as PDF in the background, for a list too large to make while
the organizer waits (bookings.organize.background_pdfs).

It holds personal data (names, phone numbers, needs): only the offering's organizers and
booking administrators reach it, through an unguessable id under the offering's own URL, and
it is deleted an hour after it was asked for.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .offering import Offering, Session


class AttendancePdfStatus(models.TextChoices):
    WAITING = "waiting", _("being made")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class AttendancePdf(models.Model):
    """One requested PDF: the whole course's grid (no session) or one session's list."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="+", verbose_name=_("offering")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    language = models.CharField(_("language"), max_length=16)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AttendancePdfStatus.choices,
        default=AttendancePdfStatus.WAITING,
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    filename = models.CharField(_("file name"), max_length=100, blank=True)
    content = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("attendance list PDF")
        verbose_name_plural = _("attendance list PDFs")

    def __str__(self) -> str:
        return self.filename or str(self.pk)
