"""The page every organizer action uses: a form, one staff service, back to the offering's page
with a message; a rule that says no keeps what was typed."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bookings.services import BookingError

from .offering_views import OfferingAdminView


def offering_page(offering):
    return redirect("organize:offering", offering.pk)


class ActionFormView(OfferingAdminView):
    """A form page for one action: GET shows it, POST performs it or shows it again with the
    errors and everything typed.

    Subclasses set `form_class` (or override `get_form()` when the form needs arguments) and
    define `perform(form) -> str`, which calls the service and returns the success message.
    """

    template_name = "bookings/organize/action_form.html"
    submit_label = gettext_lazy("Save")
    destructive = False
    form_class = forms.Form  # a plain confirmation: nothing to fill in

    def get_form(self, data=None):
        return self.form_class(data)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                messages.success(request, self.perform(form))
                return offering_page(self.offering)
            except BookingError as error:
                form.add_error(None, error.message)
        messages.error(request, _("Nothing was changed. See the message below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "submit_label": self.submit_label,
                "destructive": self.destructive,
                "explanation": self.get_explanation(),
                "back_url": reverse("organize:offering", args=[self.offering.pk]),
            }
        )
        return context

    def get_explanation(self) -> str:
        return ""
