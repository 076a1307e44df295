"""The parent's booking form: the minimum a group needs, fixed choices for every need."""

import re

from django import forms
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from bookings.models import AccessNeed, ChildAgeBand, interpreter_language_choices

PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{6,20}$")
# The longest address mail can be sent to (RFC 5321), and what the account, booking and outbox
# tables keep. Django's form field alone takes 320 characters.
EMAIL_MAX_LENGTH = 254


def phone_field() -> forms.CharField:
    """The optional phone number, asked and checked the same way wherever a parent gives it
    (the field strips spaces around it; an empty value skips the check)."""
    return forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        help_text=_("So the group leaders can reach you if something changes."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        validators=[
            RegexValidator(
                PHONE_PATTERN,
                _("Write the phone number with digits, for example 070-123 45 67."),
            )
        ],
    )


def limit_email_length(field: forms.EmailField) -> forms.EmailField:
    """Refuse an address longer than EMAIL_MAX_LENGTH with a clear error (what was typed stays
    in the form), and let the browser stop there too. For fields made elsewhere (allauth's)."""
    field.max_length = EMAIL_MAX_LENGTH
    others = [each for each in field.validators if not isinstance(each, MaxLengthValidator)]
    field.validators = [*others, MaxLengthValidator(EMAIL_MAX_LENGTH)]
    field.error_messages["max_length"] = _(
        "An e-mail address can be at most %(limit_value)d characters long."
    )
    field.widget.attrs["maxlength"] = str(EMAIL_MAX_LENGTH)
    return field


def child_age_band_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Your child's age"),
        required=False,
        choices=[("", _("I prefer not to say")), *ChildAgeBand.choices],
        help_text=_("Helps the group leaders plan. If you have several children, choose one."),
    )


def name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


def email_field(*, help_text) -> forms.EmailField:
    """The address of a parent without a session, proved by a code before anything is saved."""
    return limit_email_length(
        forms.EmailField(
            label=_("E-mail address"),
            help_text=help_text,
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        )
    )


def honeypot_field() -> forms.CharField:
    """Honeypot (security): hidden from people (see components/honeypot_field.html), filled in
    by form-filling bots. A filled-in honeypot means: save nothing, say nothing."""
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class ParentContactMixin:
    """The name, e-mail and honeypot checks of a form a parent sends about their household
    (fields `name`, `email` when asked, and the honeypot `website`)."""

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please write your name."))
        return name

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def is_from_a_bot(self) -> bool:
        """The honeypot has something in it; checked before (and whatever) the other fields."""
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def clean(self) -> dict:
        cleaned = super().clean()
        cleaned.pop("website", None)  # never stored, not even in the draft
        return cleaned


class BookingForm(ParentContactMixin, forms.Form):
    """Validates what a parent types; the booking rules themselves live in services."""

    persons = forms.TypedChoiceField(
        label=_("How many of you will come?"), coerce=int, choices=(), initial=1
    )
    child_age_band = child_age_band_field()
    interpreter_language = forms.ChoiceField(
        label=_("Do you need an interpreter?"),
        required=False,
        choices=lambda: [("", _("No interpreter needed")), *interpreter_language_choices()],
    )
    needs_childcare = forms.BooleanField(
        label=_("We need childcare during the sessions"), required=False
    )
    access_needs = forms.MultipleChoiceField(
        label=_("Access needs"),
        required=False,
        choices=AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    name = name_field()
    phone = phone_field()
    email = email_field(help_text=_("We send you a code to confirm it's you, then your booking."))
    website = honeypot_field()

    def __init__(self, *args, max_persons: int, ask_email: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].choices = [(n, str(n)) for n in range(1, max_persons + 1)]
        if not ask_email:
            del self.fields["email"]

    # What `book_offering()` takes from the form, besides who books and in which language.
    HOUSEHOLD_FIELDS = (
        "name",
        "phone",
        "persons",
        "child_age_band",
        "interpreter_language",
        "needs_childcare",
        "access_needs",
    )

    def household_details(self) -> dict:
        """The cleaned household details, as keyword arguments for `book_offering()`."""
        return {field: self.cleaned_data[field] for field in self.HOUSEHOLD_FIELDS}


class AbsenceForm(forms.Form):
    """One button on the booking's page: "I can't come" to a session, or taking it back."""

    session = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    coming = forms.TypedChoiceField(
        choices=[("no", "no"), ("yes", "yes")], coerce=lambda value: value == "yes"
    )
