"""The "Offerings" admin screens: the list with availability; create, edit and delete through
the editing services."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from bookings.models import Offering
from bookings.permissions import ALL_OFFERINGS_PERMISSION, pages_administered_by
from bookings.selectors import availability_of
from bookings.services.editing import (
    create_offering,
    delete_offering,
    offering_deletion_refusal,
    update_offering,
)

from .common import (
    OFFERINGS,
    AllPermissionsMixin,
    OfferingScopedViewSetMixin,
    RefusingDeleteView,
    ServiceFormMixin,
    form_fields,
)
from .interest_invitations import InviteChoiceForm, save_and_invite
from .listings import ScrollingListingMixin
from .offering_list import LIST_DISPLAY, OfferingFilterSet, OfferingIndexView
from .told import report_told


def staff_users():
    """Users who can use the admin: the people who can be an offering's organizers."""
    access = Q(groups__permissions__codename="access_admin") | Q(
        user_permissions__codename="access_admin"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(access | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


class OfferingForm(InviteChoiceForm):
    """Says in words what the database constraints would otherwise reject with a code name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "program" in self.fields and self.for_user is not None:
            # An offering is made in one's own municipality; one already made keeps its program.
            programs = self.fields["program"].queryset
            allowed = pages_administered_by(programs, self.for_user)
            if self.instance.pk:
                allowed = allowed | programs.filter(pk=self.instance.program_id)
            self.fields["program"].queryset = allowed
        if "organizers" in self.fields:
            self.fields["organizers"].queryset = staff_users()
            self.fields["organizers"].label_from_instance = lambda user: (
                f"{user.get_full_name()} ({user.email})" if user.get_full_name() else user.email
            )

    def clean(self):
        cleaned_data = super().clean()
        opens = cleaned_data.get("booking_opens_at")
        closes = cleaned_data.get("booking_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("booking_closes_at", _("Booking must close after it opens."))
        if cleaned_data.get("max_persons_per_booking") == 0:
            self.add_error("max_persons_per_booking", _("At least one person per booking."))
        return cleaned_data


class OfferingCreateView(ServiceFormMixin, generic.CreateView):
    def save_instance(self):
        return save_and_invite(
            self.request, save=self.create, fields=form_fields(self.form, changed_only=False)
        )

    def create(self, fields):
        organizers = fields.pop("organizers", None)
        return create_offering(actor=self.request.user, fields=fields, organizers=organizers)


class OfferingEditView(ServiceFormMixin, generic.EditView):
    def save_instance(self):
        """Save the changed settings through `update_offering()` and say what they did: who
        moved up from the waitlist, and how many households were told (or must be phoned)."""
        return save_and_invite(
            self.request, save=self.update, fields=form_fields(self.form, changed_only=True)
        )

    def update(self, changes):
        before = availability_of(self.object)
        saved = update_offering(
            offering_id=self.object.pk, actor=self.request.user, changes=changes
        )
        if "capacity" in self.form.changed_data:
            self.report_capacity_change(before=before, after=availability_of(saved.instance))
        report_told(self.request, saved.told)
        return saved.instance

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
        return offering_deletion_refusal(self.object)

    def delete_action(self):
        delete_offering(offering_id=self.object.pk, actor=self.request.user)


class OfferingViewSet(
    OfferingScopedViewSetMixin, AllPermissionsMixin, ScrollingListingMixin, ModelViewSet
):
    model = Offering
    offering_path = ""
    name = OFFERINGS
    url_prefix = "bookings/offerings"
    icon = "calendar"
    menu_label = _("Offerings")
    index_view_class = OfferingIndexView
    filterset_class = OfferingFilterSet
    add_view_class = OfferingCreateView
    edit_view_class = OfferingEditView
    delete_view_class = OfferingDeleteView
    list_display = LIST_DISPLAY
    ordering = "-first_session_at"  # the newest round first
    search_fields = ["title", "program__title"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("program"),
            FieldPanel("title"),
            FieldPanel("status"),
            MultiFieldPanel(
                [FieldPanel("invite_mode"), FieldPanel("priority_hours")],
                heading=_("Interest list"),
            ),
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
            FieldPanel(
                "organizers",
                widget=forms.CheckboxSelectMultiple,
                permission=ALL_OFFERINGS_PERMISSION,
            ),
        ],
        base_form_class=OfferingForm,
    )
