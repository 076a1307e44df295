"""The base of every organizer screen about one offering: access check, title, breadcrumbs."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from bookings.permissions import visible_offering

from .common import OFFERINGS


class OfferingAdminView(WagtailAdminTemplateMixin, TemplateView):
    """An admin screen about `self.offering`; only its organizers and booking administrators
    get past `dispatch()` (everyone else gets a 404, as for an offering that does not exist)."""

    header_icon = "calendar"

    def dispatch(self, request, *args, **kwargs):
        self.offering = visible_offering(request.user, kwargs["offering_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse(f"{OFFERINGS}:index"), "label": _("Offerings")},
            {
                "url": reverse("organize:offering", args=[self.offering.pk]),
                "label": str(self.offering),
            },
        ]
        if self.get_page_title() != str(self.offering):
            items.append({"url": "", "label": self.get_page_title()})
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["offering"] = self.offering
        return context
