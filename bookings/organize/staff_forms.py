"""Forms of the organizer's actions: validate what staff type before a service is called."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

from bookings.forms import BookingForm
from bookings.models import Session


class StaffBookingForm(BookingForm):
    """A household that phoned or came by: the parent's form in staff words, e-mail optional."""

    language = forms.ChoiceField(
        label=_("Language for messages"), choices=settings.LANGUAGES, initial="sv"
    )

    def __init__(self, *args, max_persons: int, **kwargs):
        super().__init__(*args, max_persons=max_persons, ask_email=True, **kwargs)
        fields = self.fields
        fields["persons"].label = _("Persons coming")
        fields["child_age_band"].label = _("Child's age")
        fields["child_age_band"].help_text = ""
        fields["interpreter_language"].label = _("Interpreter")
        fields["needs_childcare"].label = _("Needs childcare during the sessions")
        fields["name"].label = _("Name")
        fields["phone"].label = _("Phone number")
        fields["phone"].help_text = ""
        fields["email"].label = _("E-mail address (optional)")
        fields["email"].required = False
        fields["email"].help_text = _(
            "With an address the parent gets the confirmation and calendar invite; "
            "without one, nobody is e-mailed: tell the parent yourself."
        )


class CancelBookingForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, told to the parent"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Sent in the cancellation e-mail and not stored. Do not write health details."
        ),
    )


class CancelOfferingForm(CancelBookingForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Reason, told to every household")


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Capacity"), min_value=0, max_value=10_000)


class SessionTimesMixin:
    """A session must end after it starts: said in words next to the end time."""

    def clean(self):
        cleaned_data = super().clean()
        starts, ends = cleaned_data.get("starts_at"), cleaned_data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        return cleaned_data


class MoveSessionForm(SessionTimesMixin, forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=AdminDateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=AdminDateTimeInput)
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Session._meta.get_field("venue").related_model.objects.order_by("name"),
        required=False,
        empty_label=_("Unchanged"),
    )

    @classmethod
    def for_session(cls, session, data=None):
        initial = {
            "starts_at": timezone.localtime(session.starts_at),
            "ends_at": timezone.localtime(session.ends_at),
        }
        return cls(data, initial=initial)


class MessageForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=150,
        help_text=_("Shown on phones' lock screens: leave out names and the program's name."),
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    include_waitlist = forms.BooleanField(
        label=_("Also send to households on the waitlist or with a seat offer"), required=False
    )
