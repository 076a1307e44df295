"""The organizer's actions on one offering's bookings, capacity and messages, and the URLs of
every action (session actions are in `session_actions`)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bookings.models import ACTIVE_STATUSES, Booking, BookingStatus
from bookings.services import BookingError
from bookings.services import staff as staff_services
from bookings.services.offering_cancellation import cancel_offering

from .action_form import ActionFormView, offering_page
from .offering_views import OfferingAdminView
from .session_actions import CancelSessionView, MoveSessionView
from .staff_forms import (
    CancelBookingForm,
    CancelOfferingForm,
    CapacityForm,
    MessageForm,
    StaffBookingForm,
)
from .told import emailed_and_unreachable


class OfferingBookingMixin:
    """For actions on one booking of the offering: another offering's booking is a 404."""

    booking_statuses = ACTIVE_STATUSES

    def get_booking(self) -> Booking:
        if not hasattr(self, "_booking"):
            self._booking = get_object_or_404(
                Booking,
                pk=self.kwargs["booking_id"],
                offering=self.offering,
                status__in=self.booking_statuses,
            )
        return self._booking


class AddBookingView(ActionFormView):
    page_title = gettext_lazy("Add a booking")
    submit_label = gettext_lazy("Add the booking")

    def get_explanation(self):
        return _(
            "For a parent who phoned or came by. If the group is full, the household goes on "
            "the waitlist. Staff may add households outside the booking window."
        )

    def get_form(self, data=None):
        return StaffBookingForm(data, max_persons=self.offering.max_persons_per_booking)

    def perform(self, form):
        details = form.cleaned_data
        booking = staff_services.add_booking_by_staff(
            offering_id=self.offering.pk,
            actor=self.request.user,
            email=details["email"],
            language=details["language"],
            **form.household_details(),
        )
        if booking.status == BookingStatus.CONFIRMED:
            return _("The household has a seat.")
        return _("The group is full: the household is on the waitlist.")


def cancellation_outcome(*, freed_seat: bool, moved_up: list[Booking]) -> str:
    """What became of the seat of a booking staff cancelled, in the words staff read."""
    if not freed_seat:
        return _("The booking is cancelled.")
    offered = sum(booking.status == BookingStatus.OFFERED for booking in moved_up)
    confirmed = len(moved_up) - offered
    if confirmed:
        return ngettext(
            "The booking is cancelled. %(count)d household on the waitlist got the seat.",
            "The booking is cancelled. %(count)d households on the waitlist got the seats.",
            confirmed,
        ) % {"count": confirmed}
    if offered:
        return ngettext(
            "The booking is cancelled. %(count)d household on the waitlist was offered the "
            "seat.",
            "The booking is cancelled. %(count)d households on the waitlist were offered the "
            "seats.",
            offered,
        ) % {"count": offered}
    return _("The booking is cancelled. Its seat is free: nobody on the waitlist moved up.")


class CancelBookingView(OfferingBookingMixin, ActionFormView):
    form_class = CancelBookingForm
    page_title = gettext_lazy("Cancel a booking")
    submit_label = gettext_lazy("Cancel the booking")
    destructive = True

    def get_explanation(self):
        booking = self.get_booking()
        text = ngettext(
            "The booking of %(name)s (%(persons)d person) will be cancelled.",
            "The booking of %(name)s (%(persons)d persons) will be cancelled.",
            booking.persons,
        ) % {
            "name": booking.name,
            "persons": booking.persons,
        }
        if booking.email:
            return text + " " + _("The parent gets an e-mail with your reason.")
        return text + " " + _("This household has no e-mail address: tell them yourself.")


    def perform(self, form):
        booking = staff_services.cancel_booking_by_staff(
            booking_id=self.get_booking().pk,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        return cancellation_outcome(freed_seat=booking.freed_seat, moved_up=booking.moved_up)


class CancelOfferingView(ActionFormView):
    form_class = CancelOfferingForm
    page_title = gettext_lazy("Cancel this group")
    submit_label = gettext_lazy("Cancel the group and tell every household")
    destructive = True

    def get_explanation(self):
        return _(
            "The group will not meet. Every booking is cancelled, on the waitlist too, and "
            "every household gets an e-mail with your reason; those with a seat also get a "
            "calendar cancellation. Nobody moves up from the waitlist."
        )

    def perform(self, form):
        told = cancel_offering(
            offering_id=self.offering.pk,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        return _("The group is cancelled.") + " " + emailed_and_unreachable(*told)


class MessageView(ActionFormView):
    form_class = MessageForm
    page_title = gettext_lazy("Message everyone booked")
    submit_label = gettext_lazy("Send the message")

    def get_explanation(self):
        return _(
            "Every household with a seat gets this e-mail, in the name of the site, with the "
            "link to their booking. Do not write health details or other families' names."
        )


    def perform(self, form):
        details = form.cleaned_data
        queued, without_email = staff_services.message_booked_households(
            offering_id=self.offering.pk,
            actor=self.request.user,
            subject=details["subject"],
            body=details["body"],
            include_waitlist=details["include_waitlist"],
        )
        return emailed_and_unreachable(queued, without_email)


class CapacityView(ActionFormView):
    page_title = gettext_lazy("Change capacity")
    submit_label = gettext_lazy("Change capacity")

    def get_explanation(self):
        return _(
            "Raising the capacity gives the freed seats to the waitlist. Lowering it below "
            "what is booked removes nobody."
        )

    def get_form(self, data=None):
        return CapacityForm(data, initial={"capacity": self.offering.capacity})

    def perform(self, form):
        offering = staff_services.change_capacity_by_staff(
            offering_id=self.offering.pk,
            actor=self.request.user,
            capacity=form.cleaned_data["capacity"],
        )
        return _("The capacity is now %(capacity)d.") % {"capacity": offering.capacity}


class WaitlistActionView(OfferingBookingMixin, OfferingAdminView):
    """A one-click action on a waitlisted household (a POST from the offering page)."""

    http_method_names = ["post"]
    booking_statuses = (BookingStatus.WAITLISTED,)
    mode = ""

    def post(self, request, *args, **kwargs):
        booking = self.get_booking()
        try:
            if self.mode == "raise":
                staff_services.raise_waitlist_priority(booking_id=booking.pk, actor=request.user)
                messages.success(request, _("The household is now first in line."))
            else:
                staff_services.give_seat_by_hand(
                    booking_id=booking.pk, actor=request.user, offer=self.mode == "offer"
                )
                messages.success(
                    request,
                    _("The household is offered the seat and told by e-mail.")
                    if self.mode == "offer"
                    else _("The household has the seat and is told by e-mail."),
                )
        except BookingError as error:
            messages.error(request, error.message)
        return offering_page(self.offering)


booking_path = "<id:offering_id>/bookings/<id:booking_id>/"
session_path = "<id:offering_id>/sessions/<id:session_id>/"

action_urlpatterns = [
    path("<id:offering_id>/bookings/add/", AddBookingView.as_view(), name="add_booking"),
    path(booking_path + "cancel/", CancelBookingView.as_view(), name="cancel_booking"),
    path(
        booking_path + "first-in-line/",
        WaitlistActionView.as_view(mode="raise"),
        name="raise_priority",
    ),
    path(booking_path + "offer/", WaitlistActionView.as_view(mode="offer"), name="offer_seat"),
    path(booking_path + "give/", WaitlistActionView.as_view(mode="give"), name="give_seat"),
    path(session_path + "move/", MoveSessionView.as_view(), name="move_session"),
    path(session_path + "cancel/", CancelSessionView.as_view(), name="cancel_session"),
    path("<id:offering_id>/message/", MessageView.as_view(), name="message"),
    path("<id:offering_id>/cancel/", CancelOfferingView.as_view(), name="cancel_offering"),
    path("<id:offering_id>/capacity/", CapacityView.as_view(), name="capacity"),
]
