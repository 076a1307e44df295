"""The "Offerings" admin screens: list with availability, edit through the capacity service."""

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permissions import policy_registry

from bookings.models import Booking, Offering, Session
from bookings.selectors import availability_of, with_availability
from bookings.services import change_capacity
from bookings.services.locking import lock_offering

from .common import (
    BOOKINGS,
    OFFERINGS,
    SESSIONS,
    AllPermissionsMixin,
    RefusingDeleteView,
    local_datetime_column,
)

ANY_PERMISSION = ["add", "change", "delete", "view"]


class OfferingForm(WagtailAdminModelForm):
    """Says in words what the database constraints would otherwise reject with a code name."""

    def clean(self):
        cleaned_data = super().clean()
        opens = cleaned_data.get("booking_opens_at")
        closes = cleaned_data.get("booking_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("booking_closes_at", _("Booking must close after it opens."))
        if cleaned_data.get("max_persons_per_booking") == 0:
            self.add_error("max_persons_per_booking", _("At least one person per booking."))
        return cleaned_data


def seats_booked(offering) -> str:
    """ "4 / 6 households", marked when full or over-full (from the availability selector)."""
    availability = availability_of(offering)
    text = gettext("%(taken)d / %(capacity)d %(unit)s") % {
        "taken": availability.seats_taken,
        "capacity": availability.capacity,
        "unit": offering.get_capacity_unit_display(),
    }
    if availability.is_over_full:
        return gettext("%(seats)s (over-full)") % {"seats": text}
    if availability.is_full:
        return gettext("%(seats)s (full)") % {"seats": text}
    return text


class OfferingIndexView(generic.IndexView):
    """Offerings with seats booked and waitlist length, counted in the listing's one query."""

    def get_base_queryset(self):
        return with_availability(super().get_base_queryset().select_related("program"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        links = [
            (Session, SESSIONS, "index", _("Sessions"), "date"),
            (Session, SESSIONS, "add", _("Add session"), "plus"),
            (Booking, BOOKINGS, "index", _("Bookings"), "list-ul"),
        ]
        for priority, (model, namespace, view, label, icon) in enumerate(links, start=40):
            needed = ["add"] if view == "add" else ANY_PERMISSION
            policy = policy_registry.get_by_type(model)
            if policy.user_has_any_permission(self.request.user, needed):
                url = reverse(f"{namespace}:{view}") + f"?offering={instance.pk}"
                buttons.append(Button(label, url=url, icon_name=icon, priority=priority))
        return buttons


class OfferingEditView(generic.EditView):
    def save_instance(self):
        """Save every field but the capacity, then set the capacity with `change_capacity()`.

        The service is the one place that decides what a new capacity means for the waitlist:
        raising it promotes waiting households, lowering it below what is booked bumps nobody.
        The offering row is locked first (we are inside the view's transaction), so the stored
        capacity we write back cannot be a stale one.
        """
        requested = self.form.cleaned_data["capacity"]
        stored = lock_offering(offering_id=self.object.pk).capacity
        before = availability_of(self.object)
        self.form.instance.capacity = stored
        offering = super().save_instance()
        if requested != stored:
            offering = change_capacity(offering_id=offering.pk, capacity=requested)
            self.report_capacity_change(before=before, after=availability_of(offering))
        return offering

    def report_capacity_change(self, *, before, after) -> None:
        moved_up = before.waitlist_length - after.waitlist_length
        if moved_up > 0:
            messages.info(
                self.request,
                ngettext(
                    "%(count)d booking on the waitlist got a seat (or a seat offer).",
                    "%(count)d bookings on the waitlist got a seat (or a seat offer).",
                    moved_up,
                )
                % {"count": moved_up},
            )
        if after.is_over_full:
            messages.warning(
                self.request,
                gettext(
                    "%(taken)d seats are booked but the capacity is now %(capacity)d. "
                    "Nobody was removed; nobody moves up from the waitlist until there is room."
                )
                % {"taken": after.seats_taken, "capacity": after.capacity},
            )


class OfferingDeleteView(RefusingDeleteView):
    def refusal_message(self):
        if self.object.bookings.exists():
            return gettext(
                "This offering has bookings, so it cannot be deleted. "
                "Set its status to “Cancelled” instead."
            )
        return None


class OfferingViewSet(AllPermissionsMixin, ModelViewSet):
    model = Offering
    name = OFFERINGS
    url_prefix = "bookings/offerings"
    icon = "calendar"
    menu_label = _("Offerings")
    index_view_class = OfferingIndexView
    edit_view_class = OfferingEditView
    delete_view_class = OfferingDeleteView
    list_display = [
        "title",
        "program",
        local_datetime_column("first_session_at", _("First session")),
        Column("seats_booked", label=_("Booked"), accessor=seats_booked, sort_key="seats_taken"),
        Column("waitlist_length", label=_("Waitlist"), sort_key="waitlist_length"),
        "status",
    ]
    ordering = "-first_session_at"  # the newest round first
    list_filter = ["program", "status"]
    search_fields = ["title", "program__title"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("program"),
            FieldPanel("title"),
            FieldPanel("status"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("capacity"), FieldPanel("capacity_unit")]),
                    FieldPanel("max_persons_per_booking"),
                ],
                heading=_("Seats"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("booking_opens_at"), FieldPanel("booking_closes_at")])],
                heading=_("Booking window"),
                help_text=_("Leave “booking closes” empty to close when the first session starts."),
            ),
            MultiFieldPanel(
                [FieldPanel("waitlist_policy"), FieldPanel("offer_hours")],
                heading=_("Waitlist"),
            ),
            FieldPanel("venue"),
            FieldPanel("reminder_hours"),
        ],
        base_form_class=OfferingForm,
    )
