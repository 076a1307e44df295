"""Forms of the interest-list screen: a household staff met by phone, and finding a household
by its address."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bookings.forms import limit_email_length
from bookings.forms_interest import InterestForm
from bookings.models import ChildAgeBand


class StaffInterestForm(InterestForm):
    """The parent's interest form in staff words: a phone number instead of a verified
    address, which is optional (with one, the household is invited by e-mail)."""

    language = forms.ChoiceField(
        label=_("Language for messages"), choices=settings.LANGUAGES, initial="sv"
    )
    # On the phone: who it is first, then what suits them.
    field_order = [
        "name",
        "phone",
        "email",
        "persons",
        "child_age_band",
        "preferred_weekdays",
        "preferred_time_of_day",
        "preferred_language",
        "language",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, ask_email=True, **kwargs)
        del self.fields["website"]  # no bots in the admin
        fields = self.fields
        fields["name"].label = _("Name")
        fields["phone"].label = _("Phone number")
        fields["phone"].required = True
        fields["phone"].help_text = _("Staff call this number when a group opens.")
        fields["email"].label = _("E-mail address (optional)")
        fields["email"].required = False
        fields["email"].help_text = _(
            "With an address the household is invited by e-mail like everyone else, and its "
            "contact details are no longer shown on the list."
        )
        fields["persons"].label = _("Persons who would come")
        fields["child_age_band"].label = _("Child's age")
        fields["child_age_band"].help_text = ""
        fields["child_age_band"].choices = [("", _("Not given")), *ChildAgeBand.choices]
        fields["preferred_weekdays"].label = _("Days that suit them")
        fields["preferred_time_of_day"].label = _("Time of day that suits them")
        fields["preferred_language"].label = _("Language they would like the group in")
        fields["preferred_language"].help_text = ""
        fields["language"].help_text = _("The language of the e-mails, if there is an address.")


class FindHouseholdForm(forms.Form):
    """Sent by POST, so that the address stays out of the page's URL and the server's logs."""

    find_email = limit_email_length(forms.EmailField(label=_("E-mail address")))

    def clean_find_email(self) -> str:
        return self.cleaned_data["find_email"].strip().lower()
