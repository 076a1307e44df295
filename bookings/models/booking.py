"""A household's booking of one offering, and the fixed choices a booking form offers."""

import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    OFFERED = "offered", _("Seat offered")
    CANCELLED = "cancelled", pgettext_lazy("booking status", "Cancelled")
    EXPIRED = "expired", _("Offer expired")


# A booking in one of these statuses is "active": one per offering and e-mail address.
ACTIVE_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.OFFERED)
# These hold seats: an offered seat is kept for the household until it answers or expires.
SEAT_HOLDING_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.OFFERED)


class BookingSource(models.TextChoices):
    WEB = "web", _("Web")
    STAFF = "staff", _("Staff")


class ChildAgeBand(models.TextChoices):
    AGE_0_2 = "0-2", _("0–2 years")
    AGE_3_5 = "3-5", _("3–5 years")
    AGE_6_9 = "6-9", _("6–9 years")
    AGE_10_12 = "10-12", _("10–12 years")
    AGE_13_15 = "13-15", _("13–15 years")
    AGE_16_18 = "16-18", _("16–18 years")
    AGE_19_21 = "19-21", _("19–21 years")


# The names of languages interpreters are booked for, translated. Which of them a booking form
# offers is configuration (settings.INTERPRETER_LANGUAGES); a code without a name here is named
# by Django's own list of languages.
INTERPRETER_LANGUAGE_NAMES = {
    "ar": _("Arabic"),
    "prs": _("Dari"),
    "en": _("English"),
    "fa": _("Persian"),
    "pl": _("Polish"),
    "so": _("Somali"),
    "ti": _("Tigrinya"),
    "tr": _("Turkish"),
    "uk": _("Ukrainian"),
    "other": _("Another language"),
}


def interpreter_language_label(code: str) -> str:
    """A stored interpreter language in the reader's language ("" for none)."""
    if not code:
        return ""
    if code in INTERPRETER_LANGUAGE_NAMES:
        return str(INTERPRETER_LANGUAGE_NAMES[code])
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code


def interpreter_language_choices() -> list[tuple[str, str]]:
    """The interpreter languages the install offers (settings.INTERPRETER_LANGUAGES)."""
    return [(code, interpreter_language_label(code)) for code in settings.INTERPRETER_LANGUAGES]


class AccessNeed(models.TextChoices):
    """Fixed choices only: a free-text field would invite health data."""

    STEP_FREE = "step_free", _("Step-free access (wheelchair, walker)")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    SIGN_LANGUAGE = "sign_language", _("Sign language interpreter")
    LARGE_PRINT = "large_print", _("Material in large print")


TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def new_token() -> str:
    """An unguessable token for a booking's manage link (256 bits)."""
    return secrets.token_urlsafe(32)


def is_token_shaped(value: str) -> bool:
    """Whether `value` could be a token from `new_token()` (URL-safe base64 that fits the token
    columns). Anything else finds nothing, so it is not looked up: a NUL character, which
    PostgreSQL refuses in a query, never reaches the database."""
    return TOKEN_SHAPE.fullmatch(value) is not None


class Booking(models.Model):
    """One household's booking of one offering (confirmed, waitlisted, offered, ...)."""

    offering = models.ForeignKey(
        "bookings.Offering",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("offering"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    persons = models.PositiveSmallIntegerField(_("persons"), default=1)
    child_age_band = models.CharField(
        _("child's age"), max_length=10, choices=ChildAgeBand.choices, blank=True
    )
    interpreter_language = models.CharField(
        _("interpreter"), max_length=10, choices=interpreter_language_choices, blank=True
    )
    needs_childcare = models.BooleanField(_("childcare during sessions"), default=False)
    access_needs = models.JSONField(_("access needs"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=BookingStatus.choices)
    waitlist_priority = models.SmallIntegerField(
        _("waitlist priority"), default=0, help_text=_("Higher comes first.")
    )
    waitlisted_at = models.DateTimeField(_("joined the waitlist"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    # When a waitlisted household was first offered or given a seat: the statistics count
    # households that waited and never were.
    seat_offered_at = models.DateTimeField(_("seat offered"), null=True, blank=True)
    # When a household still waiting as its group started or ended was asked whether to keep a
    # place for the next group (services.carry_over): once per booking.
    next_group_asked_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    source = models.CharField(
        _("source"), max_length=10, choices=BookingSource.choices, default=BookingSource.WEB
    )
    language = models.CharField(_("language for messages"), max_length=10, default="sv")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Set when the personal fields were blanked (bookings/services/anonymization.py); the row,
    # its status, persons and attendance stay for the yearly statistics.
    anonymized_at = models.DateTimeField(_("anonymized"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["offering_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "offering",
                Lower("email"),
                condition=Q(status__in=ACTIVE_STATUSES) & ~Q(email=""),
                name="one_active_booking_per_offering_and_email",
            ),
            models.CheckConstraint(condition=Q(persons__gte=1), name="booking_persons_positive"),
            models.CheckConstraint(
                condition=~Q(status=BookingStatus.OFFERED) | Q(offer_expires_at__isnull=False),
                name="offered_booking_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(status=BookingStatus.WAITLISTED) | Q(waitlisted_at__isnull=False),
                name="waitlisted_booking_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["offering", "status"], name="booking_offering_status"),
            models.Index(fields=["status", "offer_expires_at"], name="booking_offer_deadline"),
            # A parent's bookings by address (My pages); anonymized bookings have none.
            models.Index(Lower("email"), condition=~Q(email=""), name="booking_email"),
            # Households that waited and were never offered a seat, by when they joined the
            # waitlist (the yearly statistics' demand not met).
            models.Index(
                fields=["waitlisted_at"],
                condition=Q(waitlisted_at__isnull=False, seat_offered_at__isnull=True),
                name="booking_never_offered",
            ),
        ]

    def __str__(self) -> str:
        # No personal data: this string can end up in logs and admin history.
        return gettext("Booking %(id)s (%(status)s)") % {
            "id": self.pk,
            "status": self.get_status_display().lower(),
        }

    @property
    def interpreter_language_name(self) -> str:
        return interpreter_language_label(self.interpreter_language)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def seats(self) -> int:
        return self.offering.seats_for(self.persons)
