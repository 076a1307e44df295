"""The accessibility feedback form: a message, an optional address for an answer, a honeypot."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bookings.forms import limit_email_length

MESSAGE_MAX_LENGTH = 5000


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("What did not work for you, and where?"),
        help_text=_("Describe the problem and the page it is on, or the content you need."),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    reply_address = limit_email_length(
        forms.EmailField(
            label=_("Your e-mail address"),
            help_text=_("If you want an answer. We use it only to answer you."),
            required=False,
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        )
    )
    # Honeypot (security), as on the booking form: hidden from people, filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_from_a_bot(self) -> bool:
        """The honeypot has something in it; checked before (and whatever) the other fields."""
        return bool(self.data.get(self.add_prefix("website"), "").strip())
