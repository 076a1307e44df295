"""The outgoing e-mail list, so staff can see what could not be delivered."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from bookings.models import OutboxMessage
from bookings.notifications.messages import KIND_LABELS

from .common import ListOnlyMixin, OfferingScopedViewSetMixin, local_datetime, local_datetime_column


class OutboxViewSet(OfferingScopedViewSetMixin, ListOnlyMixin, ModelViewSet):
    """Read-only: status, attempts and the error class per message, newest first.

    Only users with the permission to view outgoing e-mail (administrators by default) see it:
    the recipient column is a parent's address.
    """

    model = OutboxMessage
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
            accessor=lambda message: local_datetime(message.next_attempt_at)
            if message.status == "pending"
            else "",
        ),
    ]
