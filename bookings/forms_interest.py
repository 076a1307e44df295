"""The parent's interest form: who would come and what suits them, in fixed choices only (a
free-text field would invite health data)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bookings.forms import (
    ParentContactMixin,
    child_age_band_field,
    email_field,
    honeypot_field,
    name_field,
    phone_field,
)
from bookings.models import TimeOfDay, Weekday, group_language_choices

# The most persons one household registers: a group asks about each booking's size later.
MAX_PERSONS = 4


class InterestForm(ParentContactMixin, forms.Form):
    """Validates what a parent types; `register_interest` keeps the rules."""

    persons = forms.TypedChoiceField(
        label=_("How many of you would come?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, MAX_PERSONS + 1)],
        initial=1,
    )
    child_age_band = child_age_band_field()
    preferred_weekdays = forms.TypedMultipleChoiceField(
        label=_("Days that suit you"),
        help_text=_("Leave them all empty if any day suits you."),
        coerce=int,
        choices=Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_time_of_day = forms.ChoiceField(
        label=_("Time of day that suits you"),
        choices=[("", _("Any time")), *TimeOfDay.choices],
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    preferred_language = forms.ChoiceField(
        label=_("Language you would like the group in"),
        help_text=_("Some groups are held in other languages or with an interpreter."),
        choices=lambda: [("", _("Any language")), *group_language_choices()],
        required=False,
    )
    name = name_field()
    phone = phone_field()
    email = email_field(help_text=_("We send you a code to confirm it's you."))
    website = honeypot_field()

    # What `register_interest()` takes from the form, besides who registers and the language.
    REGISTRATION_FIELDS = (
        "name",
        "phone",
        "persons",
        "child_age_band",
        "preferred_language",
        "preferred_weekdays",
        "preferred_time_of_day",
    )

    def __init__(self, *args, ask_email: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_email:
            del self.fields["email"]

    def registration_details(self) -> dict:
        """The cleaned details, as keyword arguments for `register_interest()`."""
        return {field: self.cleaned_data[field] for field in self.REGISTRATION_FIELDS}
