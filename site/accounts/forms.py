"""The parent's own details: name and phone for the booking form, the language of e-mails."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bookings.forms import phone_field

# Each language in its own words, so a parent finds theirs whatever the page's language.
LANGUAGE_CHOICES = [
    ("", _("The language I use on this website when I book")),
    ("sv", "Svenska"),
    ("en", "English"),
]


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = phone_field()
    language = forms.ChoiceField(
        label=_("Language of our e-mails to you"),
        required=False,
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
    )

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()
