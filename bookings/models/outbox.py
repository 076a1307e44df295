"""E-mails waiting to be sent: written in the same transaction as the change that causes them."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")


def new_message_id() -> str:
    return uuid.uuid4().hex


class OutboxMessage(models.Model):
    """One e-mail, sent by a background task: rendered when it was queued (account e-mails) or
    by the worker from what the row records (booking messages)."""

    # allauth's e-mails (login codes, address confirmations, password resets): they belong to
    # no booking, and their body holds a secret, so delivery does not keep them once sent.
    ACCOUNT_KIND = "account"

    kind = models.CharField(_("kind"), max_length=40)
    booking = models.ForeignKey(
        "bookings.Booking",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_messages",
    )
    # The session a reminder is about: one reminder per booking and session, ever.
    session = models.ForeignKey(
        "bookings.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The registration an interest-list message is about (an invitation, a confirmation).
    interest_registration = models.ForeignKey(
        "bookings.InterestRegistration",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_messages",
    )
    # The municipality whose pages asked for a message of no booking (an account e-mail asked
    # for on its domain); a booking's messages belong to its offering's municipality.
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient = models.EmailField(_("recipient"))
    from_email = models.CharField(max_length=300, blank=True)
    reply_to = models.EmailField(blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # [{"filename", "content", "mimetype", "params"}], text only (calendar files).
    attachments = models.JSONField(default=list, blank=True)
    # A booking message is written as what happened (`kind`, `booking`, `session`, and these
    # facts of that moment) and rendered by the worker when it sends it (notifications.
    # rendering); None for a message rendered before it was queued (account e-mails).
    facts = models.JSONField(null=True, blank=True, default=None)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The exception's class name only: provider messages can quote the recipient's address.
    last_error = models.CharField(max_length=200, blank=True)
    # Also the Message-ID header, so a message sent twice after a crash can be recognised.
    message_id = models.CharField(max_length=64, unique=True, default=new_message_id)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "session"],
                condition=models.Q(kind="session_reminder"),
                name="one_reminder_per_booking_and_session",
            )
        ]

    def __str__(self) -> str:
        return f"Outbox {self.pk} ({self.kind}, {self.status})"
