"""The outgoing e-mail list, so staff can see what could not be delivered."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from bookings.models import OutboxMessage
from bookings.notifications.messages import KIND_LABELS

from .common import (
    ListOnlyMixin,
    MunicipalityColumnMixin,
    OfferingScopedViewSetMixin,
    local_datetime,
    local_datetime_column,
)
from .listings import ScrollingListingMixin


class OutboxIndexView(MunicipalityColumnMixin, generic.IndexView):
    def page_path_of(self, message, sites) -> str:
        """A booking's message belongs to its offering's municipality; an account e-mail to
        the one whose pages it was asked for on."""
        if message.booking_id is not None:
            return message.booking.offering.program.path
        site = next((site for site in sites if site.pk == message.site_id), None)
        return site.root_page.path if site else ""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("booking__offering__program")


class OutboxViewSet(OfferingScopedViewSetMixin, ListOnlyMixin, ScrollingListingMixin, ModelViewSet):
    """Read-only: status, attempts and the error class per message, newest first.

    Only users with the permission to view outgoing e-mail (administrators by default) see it:
    the recipient column is a parent's address. Account e-mails (login codes and the like)
    are about a parent's account, which serves every municipality: only superusers see them.
    """

    model = OutboxMessage
    index_view_class = OutboxIndexView
    offering_path = "booking__offering"
    name = "bookings_outbox"
    url_prefix = "bookings/outbox"
    icon = "mail"
    menu_label = _("Outgoing e-mail")
    copy_view_enabled = False
    add_to_reference_index = False
    list_per_page = 50
    ordering = ["-created_at"]
    list_filter = ["status", "kind"]
    list_display = [
        Column(
            "kind",
            label=_("Kind"),
            accessor=lambda message: KIND_LABELS.get(message.kind, message.kind),
            sort_key="kind",
        ),
        "recipient",
        "status",
        "attempts",
        Column("last_error", label=_("Last error")),
        local_datetime_column("created_at", _("Queued")),
        Column(
            "next_attempt_at",
            label=_("Next attempt"),
            accessor=lambda message: (
                local_datetime(message.next_attempt_at) if message.status == "pending" else ""
            ),
        ),
    ]
