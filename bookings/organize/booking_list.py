"""A read-only "Bookings" list per offering: status, persons, when. No contact details.

The organizers' full tools (who is coming, attendance, printing) are a separate screen; this
list only answers "how many, and in what state" without showing anyone's e-mail or phone.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from bookings.models import Booking, UndeliverableAddress
from bookings.selectors.availability import waitlist_position_window

from .common import (
    BOOKINGS,
    AllPermissionsMixin,
    ByOfferingFilterSet,
    ListOnlyMixin,
    OfferingScopedViewSetMixin,
    local_datetime_column,
)


class BookingFilterSet(ByOfferingFilterSet):
    class Meta:
        model = Booking
        fields = ["offering", "status"]


class BookingIndexView(generic.IndexView):
    any_permission_required = ["view", "change"]

    def get_base_queryset(self):
        """Each row's place in line comes from one window over the listed rows, not a query
        per row; the list is filtered by whole offerings and statuses only, so every waitlist
        it shows is complete and the places equal `selectors.waitlist_position()`."""
        undeliverable = UndeliverableAddress.objects.filter(email__iexact=OuterRef("email"))
        return (
            super()
            .get_base_queryset()
            .select_related("offering__program")
            .annotate(
                email_undeliverable=Exists(undeliverable),
                waitlist_position=waitlist_position_window(),
            )
        )


class BookingViewSet(OfferingScopedViewSetMixin, ListOnlyMixin, AllPermissionsMixin, ModelViewSet):
    model = Booking
    name = BOOKINGS
    url_prefix = "bookings/bookings"
    icon = "list-ul"
    menu_label = _("Bookings")
    index_view_class = BookingIndexView
    copy_view_enabled = False
    # Bookings are written on the parents' hot path; nothing needs their references indexed.
    add_to_reference_index = False
    list_per_page = 50
    list_display = [
        "offering",
        "status",
        Column("waitlist_position", label=_("Place in line")),
        "persons",
        Column(
            "email_undeliverable",
            label=_("E-mail"),
            accessor=lambda booking: _("Undeliverable: call instead")
            if booking.email_undeliverable
            else "",
        ),
        local_datetime_column("created_at", _("Booked")),
    ]
    filterset_class = BookingFilterSet

