"""A household's interest in a program's next group ("intresseanmälan"), and the invitations
that interest earns when a group opens.

A registration belongs to a program, not to an offering: it waits for the next group, however
many groups come and go. Its place in line is `registered_at` (a household carried over from a
waitlist keeps the time it joined that waitlist). Preferences are fixed choices only: a
free-text field would invite health data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .booking import ChildAgeBand, interpreter_language_label, new_token
from .preferences import TimeOfDay


class InterestStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a group")
    BOOKED = "booked", _("Booked a group")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class InterestSource(models.TextChoices):
    WEB = "web", _("Web")
    STAFF = "staff", _("Staff (met by phone or in person)")
    WAITLIST = "waitlist", _("Carried over from a waitlist")


class InviteMode(models.TextChoices):
    """How a new group invites the households on its program's interest list."""

    NONE = "none", _("Do not invite the interest list")
    PRIORITY_WINDOW = (
        "priority",
        _("Invite everyone at once, with a priority window before public booking opens"),
    )
    BATCHES = "batches", _("Invite in order of registration, in batches as seats allow")


def group_language_choices() -> list[tuple[str, str]]:
    """The languages a parent may prefer a group in: Swedish and the interpreter languages."""
    codes = [
        "sv",
        *[code for code in settings.INTERPRETER_LANGUAGES if code not in ("sv", "other")],
    ]
    return [
        (code, interpreter_language_label(code) if code != "sv" else _("Swedish")) for code in codes
    ]


class InterestRegistration(models.Model):
    """One household waiting for a program's next group."""

    program = models.ForeignKey(
        "programs.ProgramPage",
        on_delete=models.PROTECT,
        related_name="interest_registrations",
        verbose_name=_("program"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interest_registrations",
    )
    # Blank for a household staff added after a phone call: staff contact it themselves.
    email = models.EmailField(_("e-mail"), blank=True)
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    persons = models.PositiveSmallIntegerField(_("persons"), default=1)
    child_age_band = models.CharField(
        _("child's age"), max_length=10, choices=ChildAgeBand.choices, blank=True
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=group_language_choices, blank=True
    )
    # ISO weekdays (Monday is 1), any of `Weekday`; empty for any day.
    preferred_weekdays = models.JSONField(_("preferred weekdays"), default=list, blank=True)
    preferred_time_of_day = models.CharField(
        _("preferred time of day"), max_length=10, choices=TimeOfDay.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InterestStatus.choices, default=InterestStatus.WAITING
    )
    source = models.CharField(
        _("source"), max_length=10, choices=InterestSource.choices, default=InterestSource.WEB
    )
    # The place in line: when the household registered, or joined the waitlist it came from.
    registered_at = models.DateTimeField(_("registered"))
    language = models.CharField(_("language for messages"), max_length=10, default="sv")
    # The waitlisted booking this registration was carried over from (one registration each).
    carried_over_from = models.OneToOneField(
        "bookings.Booking",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_over_to",
    )
    # The booking that took the household off the list.
    booking = models.ForeignKey(
        "bookings.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_invited_at = models.DateTimeField(_("last invited"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    anonymized_at = models.DateTimeField(_("anonymized"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interest registration")
        verbose_name_plural = _("interest registrations")
        ordering = ["program_id", "registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "program",
                Lower("email"),
                condition=Q(status="waiting") & ~Q(email=""),
                name="one_waiting_interest_per_program_and_email",
            ),
            models.CheckConstraint(condition=Q(persons__gte=1), name="interest_persons_positive"),
        ]
        indexes = [
            models.Index(fields=["program", "status", "registered_at"], name="interest_in_line"),
            models.Index(Lower("email"), condition=~Q(email=""), name="interest_email"),
            # Registrations by year (the yearly statistics' demand not met).
            models.Index(fields=["registered_at"], name="interest_registered_at"),
        ]

    def __str__(self) -> str:
        # No personal data: this string can end up in logs and admin history.
        return gettext("Interest registration %(id)s (%(status)s)") % {
            "id": self.pk,
            "status": self.get_status_display().lower(),
        }


class InterestInvitation(models.Model):
    """An invitation to book one group, sent to one household on the interest list.

    Its token is the link in the e-mail: it lets the household book before public booking
    opens (the priority window) and, in batches, until `expires_at`, after which its seat may
    go to the next household in line.
    """

    registration = models.ForeignKey(
        InterestRegistration, on_delete=models.CASCADE, related_name="invitations"
    )
    offering = models.ForeignKey(
        "bookings.Offering", on_delete=models.CASCADE, related_name="interest_invitations"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    sent_at = models.DateTimeField(_("invited"))
    expires_at = models.DateTimeField(_("invitation expires"), null=True, blank=True)
    booking = models.ForeignKey(
        "bookings.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation from the interest list")
        verbose_name_plural = _("invitations from the interest list")
        ordering = ["offering_id", "sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "offering"], name="one_invitation_per_offering"
            )
        ]

    def __str__(self) -> str:
        return gettext("Invitation %(id)s") % {"id": self.pk}
