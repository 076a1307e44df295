"""The "Sessions" admin screens: the dated meetings of each offering."""

from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from bookings.models import Session
from bookings.permissions import restrict_to_visible
from bookings.services.editing import (
    add_session,
    delete_session,
    session_deletion_refusal,
    update_session,
)

from .common import (
    SESSIONS,
    AllPermissionsMixin,
    ByOfferingFilterSet,
    MunicipalityColumnMixin,
    OfferingScopedViewSetMixin,
    RefusingDeleteView,
    ServiceFormMixin,
    form_fields,
    local_datetime_column,
    offerings_with_programs,
)
from .listings import ScrollingListingMixin
from .staff_forms import SessionTimesMixin
from .told import report_told


class SessionForm(SessionTimesMixin, WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "offering" in self.fields:
            offerings = offerings_with_programs()
            if self.for_user is not None:
                offerings = restrict_to_visible(offerings, self.for_user, offering_path="")
            self.fields["offering"].queryset = offerings


def cancelled_cell(session: Session):
    """The word "Cancelled" for a cancelled session; for the others a dash, which screen
    readers hear as "No" (not Wagtail's red cross on every session that is not cancelled, and
    its hidden "False" in English)."""
    if session.is_cancelled:
        return format_html("<strong>{}</strong>", gettext("Cancelled"))
    return format_html(
        '<span aria-hidden="true">–</span><span class="w-sr-only">{}</span>', gettext("No")
    )


class SessionFilterSet(ByOfferingFilterSet):
    class Meta:
        model = Session
        fields = ["offering", "is_cancelled"]


class SessionIndexView(MunicipalityColumnMixin, generic.IndexView):
    page_path = "offering.program.path"

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset.select_related("offering__program", "offering__venue", "venue")


class SessionCreateView(ServiceFormMixin, generic.CreateView):
    def get_initial(self):
        """Pre-select the offering when coming from an offering's "Add session" link."""
        initial = super().get_initial()
        offering_id = self.request.GET.get("offering", "")
        if offering_id.isdigit():
            initial["offering"] = offering_id
        return initial

    def save_instance(self):
        fields = form_fields(self.form, changed_only=False)
        offering = fields.pop("offering")
        saved = add_session(actor=self.request.user, offering=offering, fields=fields)
        report_told(self.request, saved.told)
        return saved.instance


class SessionEditView(ServiceFormMixin, generic.EditView):
    def save_instance(self):
        """Save through `update_session()`, which tells booked parents when the session moved
        or was cancelled."""
        saved = update_session(
            session_id=self.object.pk,
            actor=self.request.user,
            changes=form_fields(self.form, changed_only=True),
        )
        report_told(self.request, saved.told)
        return saved.instance


class SessionDeleteView(RefusingDeleteView):
    def refusal_message(self):
        return session_deletion_refusal(self.object)

    def delete_action(self):
        delete_session(session_id=self.object.pk, actor=self.request.user)


class SessionViewSet(
    OfferingScopedViewSetMixin, AllPermissionsMixin, ScrollingListingMixin, ModelViewSet
):
    model = Session
    name = SESSIONS
    url_prefix = "bookings/sessions"
    icon = "date"
    menu_label = _("Sessions")
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    delete_view_class = SessionDeleteView
    copy_view_enabled = False
    list_display = [
        "offering",
        local_datetime_column("starts_at", _("Starts")),
        local_datetime_column("ends_at", _("Ends")),
        Column("effective_venue", label=_("Venue")),
        Column(
            "is_cancelled", label=_("Cancelled"), accessor=cancelled_cell, sort_key="is_cancelled"
        ),
    ]
    filterset_class = SessionFilterSet
    ordering = "starts_at"
    edit_handler = ObjectList(
        [
            FieldPanel("offering"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
            FieldPanel("venue"),
            FieldPanel("is_cancelled"),
        ],
        base_form_class=SessionForm,
    )
