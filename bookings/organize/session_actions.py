"""The organizer moves or cancels one session; every household with a seat is told."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bookings.models import Session
from bookings.services import staff as staff_services

from .action_form import ActionFormView
from .labels import session_label
from .staff_forms import MoveSessionForm
from .told import told


class OfferingSessionMixin:
    def get_session(self) -> Session:
        if not hasattr(self, "_session"):
            self._session = get_object_or_404(
                Session, pk=self.kwargs["session_id"], offering=self.offering, is_cancelled=False
            )
        return self._session

    def session_label(self) -> str:
        return session_label(self.get_session())


class MoveSessionView(OfferingSessionMixin, ActionFormView):
    page_title = gettext_lazy("Move a session")
    submit_label = gettext_lazy("Move the session and tell the parents")

    def get_explanation(self):
        return _(
            "The session on %(date)s gets a new time. Every household with a seat gets an "
            "e-mail with an updated calendar invite."
        ) % {"date": self.session_label()}

    def get_form(self, data=None):
        return MoveSessionForm.for_session(self.get_session(), data)

    def perform(self, form):
        details = form.cleaned_data
        announcement = staff_services.move_session(
            session_id=self.get_session().pk,
            actor=self.request.user,
            starts_at=details["starts_at"],
            ends_at=details["ends_at"],
            venue=details["venue"],
        )
        return _("The session is moved.") + " " + told(announcement)


class CancelSessionView(OfferingSessionMixin, ActionFormView):
    page_title = gettext_lazy("Cancel a session")
    submit_label = gettext_lazy("Cancel the session and tell the parents")
    destructive = True

    def get_explanation(self):
        return _(
            "The session on %(date)s will be cancelled. Every household with a seat gets an "
            "e-mail, and the session is removed from their calendars."
        ) % {"date": self.session_label()}


    def perform(self, form):
        announcement = staff_services.cancel_session(
            session_id=self.get_session().pk, actor=self.request.user
        )
        return _("The session is cancelled.") + " " + told(announcement)
