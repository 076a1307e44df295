"""Offerings (one bookable round of a program) and their dated sessions."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bookings.organize.labels import session_span

from .interest import InviteMode


class CapacityUnit(models.TextChoices):
    HOUSEHOLDS = "households", _("households")
    PERSONS = "persons", _("persons")


class WaitlistPolicy(models.TextChoices):
    NONE = "none", _("No waitlist")
    AUTO = "auto", _("Promote automatically")
    OFFER = "offer", _("Offer the seat with a deadline")


class OfferingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not shown)")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Offering(models.Model):
    """One bookable round of a program, e.g. "Thursdays 18:00, spring term"."""

    program = models.ForeignKey(
        "programs.ProgramPage",
        on_delete=models.PROTECT,
        related_name="offerings",
        verbose_name=_("program"),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("e.g. 'Thursdays 18:00, spring term'")
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    capacity_unit = models.CharField(
        _("capacity counted in"),
        max_length=20,
        choices=CapacityUnit.choices,
        default=CapacityUnit.HOUSEHOLDS,
    )
    max_persons_per_booking = models.PositiveSmallIntegerField(
        _("max persons per booking"), default=2
    )
    booking_opens_at = models.DateTimeField(_("booking opens"), null=True, blank=True)
    booking_closes_at = models.DateTimeField(_("booking closes"), null=True, blank=True)
    waitlist_policy = models.CharField(
        _("waitlist"), max_length=20, choices=WaitlistPolicy.choices, default=WaitlistPolicy.AUTO
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept an offered seat"), default=48, validators=[MinValueValidator(1)]
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder, hours before each session"),
        default=24,
        help_text=_("0 sends no reminders."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OfferingStatus.choices, default=OfferingStatus.PUBLISHED
    )
    venue = models.ForeignKey(
        "programs.Venue",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("venue"),
        help_text=_("Where sessions are held unless a session says otherwise."),
    )
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organized_offerings",
        verbose_name=_("organizers"),
        help_text=_(
            "Staff who run this group: they see its bookings, mark attendance and print lists."
        ),
    )
    # How the program's interest list is invited when the group opens (services.invitations);
    # in a priority window, invited households may book before `booking_opens_at`.
    invite_mode = models.CharField(
        _("invite the interest list"),
        max_length=10,
        choices=InviteMode.choices,
        default=InviteMode.NONE,
    )
    interest_invited_at = models.DateTimeField(
        _("interest list invited"), null=True, blank=True, editable=False
    )
    # The SEQUENCE of the offering's calendar series: raised with every change sent to parents
    # (a session added, moved or cancelled, a new venue, a cancelled booking or group).
    calendar_sequence = models.PositiveIntegerField(
        _("calendar version"), default=0, editable=False
    )
    # When the offering runs: read from its sessions (the rule: `selectors.ending`) by
    # `services.schedule.refresh_offering_dates()` in every transaction that adds, moves,
    # cancels or deletes a session; stored so that listings, statistics and retention find
    # offerings by index.
    first_session_at = models.DateTimeField(_("first session"), null=True, editable=False)
    last_session_ends_at = models.DateTimeField(_("ends"), null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["program_id", "id"]
        permissions = [
            (
                "manage_all_offerings",
                _("Can see and manage the bookings of every offering"),
            )
        ]
        indexes = [
            # Upcoming offerings of a program (not ended: ends now or later, or not dated yet).
            models.Index(fields=["program", "last_session_ends_at"], name="offering_program_ends"),
            models.Index(fields=["last_session_ends_at"], name="offering_ends"),
            # A year's offerings in the statistics; the admin's newest-first list.
            models.Index(fields=["first_session_at"], name="offering_first_session"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_persons_per_booking__gte=1), name="offering_max_persons_positive"
            ),
            models.CheckConstraint(
                condition=Q(offer_hours__gte=1), name="offering_offer_hours_positive"
            ),
            models.CheckConstraint(
                condition=Q(booking_closes_at__isnull=True)
                | Q(booking_opens_at__isnull=True)
                | Q(booking_closes_at__gt=F("booking_opens_at")),
                name="offering_window_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.title}: {self.title}"

    def seats_for(self, persons: int) -> int:
        """How many units of capacity a booking of `persons` persons takes."""
        return 1 if self.capacity_unit == CapacityUnit.HOUSEHOLDS else persons


class Session(models.Model):
    """One dated meeting of an offering. A course has many; an evening has one."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("offering")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.ForeignKey(
        "programs.Venue",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("venue"),
        help_text=_("Leave empty to use the offering's venue."),
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        """Its group, day and hours as the staff screens write them ("KOMET 3–11: Torsdagar –
        ons 2 dec 2026, 18:00–20:30"), in Stockholm time: the title of its admin pages and of
        its entries in the staff log and the site history."""
        return f"{self.offering} – {session_span(self)}"

    @property
    def effective_venue(self):
        return self.venue or self.offering.venue
