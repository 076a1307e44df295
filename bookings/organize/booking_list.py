"""The read-only "Bookings" list: every booking of the offerings the user may see, across
offerings, with the household and how to reach it, so staff can follow who was offered a freed
seat, who is waiting and who cancelled. Filtered by offering and status.

Only the offerings' organizers (and booking administrators) see it (`OfferingScopedViewSetMixin`),
as on the offering's own page, which stays the place to act (cancel, offer, attendance, print).
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from bookings.models import Booking, BookingStatus, UndeliverableAddress
from bookings.selectors.availability import waitlist_position_window

from .common import (
    BOOKINGS,
    AllPermissionsMixin,
    ByOfferingFilterSet,
    ListOnlyMixin,
    MunicipalityColumnMixin,
    OfferingScopedViewSetMixin,
    local_datetime,
    local_datetime_column,
)
from .listings import ScrollingListingMixin


def household_cell(booking: Booking):
    """The household's name, linked to the offering's page, where staff act on it."""
    url = reverse("organize:offering", args=[booking.offering_id])
    return format_html('<a href="{}">{}</a>', url, booking.name)


def contact_cell(booking: Booking):
    """E-mail and phone, one per line; an address mail cannot reach says to call instead."""
    lines = [(value,) for value in (booking.email, booking.phone) if value]
    html = format_html_join("", "<div>{}</div>", lines)
    if booking.email_undeliverable:
        html = format_html("{}<strong>{}</strong>", html, _("Undeliverable: call instead"))
    return html


def answer_by(booking: Booking) -> str:
    """The deadline of a seat offered to the household; nothing for other bookings."""
    if booking.status != BookingStatus.OFFERED:
        return ""
    return local_datetime(booking.offer_expires_at)


class BookingFilterSet(ByOfferingFilterSet):
    class Meta:
        model = Booking
        fields = ["offering", "status"]


class BookingIndexView(MunicipalityColumnMixin, generic.IndexView):
    page_path = "offering.program.path"
    any_permission_required = ["view", "change"]

    def filter_queryset(self, queryset):
        """Filters that do not hold (an offering the user may not see, an unknown status) list
        no one, rather than every household the user may see."""
        if self.filters and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)

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


class BookingViewSet(
    OfferingScopedViewSetMixin,
    ListOnlyMixin,
    AllPermissionsMixin,
    ScrollingListingMixin,
    ModelViewSet,
):
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
        Column("name", label=_("Household"), accessor=household_cell, sort_key="name"),
        Column("contact", label=_("Contact"), accessor=contact_cell),
        "persons",
        Column("offer_expires_at", label=_("Answer by"), accessor=answer_by),
        local_datetime_column("created_at", _("Booked")),
    ]
    filterset_class = BookingFilterSet

