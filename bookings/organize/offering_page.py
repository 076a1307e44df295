"""The organizer's page for one offering: who is coming, the waitlist, sessions and actions."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import Button
from wagtail.models import ModelLogEntry

from bookings.models import Booking, BookingStatus, Offering, Session, UndeliverableAddress
from bookings.organize import rosters
from bookings.selectors import availability_of

from .common import OFFERINGS
from .interest_invitations import interest_panel
from .offering_actions import action_urlpatterns
from .offering_views import OfferingAdminView
from .staff_forms import CapacityForm

RECENT_ACTIONS = 15

__all__ = ["OfferingPageView", "action_urlpatterns"]


def with_undeliverable_flag(bookings):
    undeliverable = UndeliverableAddress.objects.filter(email__iexact=OuterRef("email"))
    return bookings.annotate(email_undeliverable=Exists(undeliverable))


def numbered_waiting_list(offering_id: int) -> list[Booking]:
    """The waitlist with each waiting household's `.position` (None for seat offers), read
    in one query in the order seats are handed out."""
    waiting = list(with_undeliverable_flag(rosters.waiting_list(offering_id=offering_id)))
    position = 0
    for booking in waiting:
        if booking.status == BookingStatus.WAITLISTED:
            position += 1
            booking.position = position
        else:
            booking.position = None
    return waiting


def _as_text(ids) -> list[str]:
    """Primary keys as text, the type of the log's `object_id`."""
    return [str(pk) for pk in ids]


def recent_staff_actions(offering, *, sessions: list[Session]):
    """The latest log entries about the offering, any of its bookings and sessions (no
    personal data: labels are "Booking 12 (confirmed)" and the like).

    Two queries: the offering's booking ids, then the log with every id written out. Given a
    subquery instead, PostgreSQL walks the whole log newest first looking for 15 matches,
    which takes seconds once it holds years of attendance marks; given the ids, it fetches
    each one's entries through the `object_id` index and sorts those few.
    """
    types = ContentType.objects.get_for_models(Offering, Booking, Session)
    bookings = Booking.objects.filter(offering=offering).values_list("pk", flat=True)
    about = (
        Q(content_type=types[Offering], object_id=str(offering.pk))
        | Q(content_type=types[Booking], object_id__in=_as_text(bookings))
        | Q(content_type=types[Session], object_id__in=_as_text(s.pk for s in sessions))
    )
    entries = ModelLogEntry.objects.filter(about).select_related("user")
    return entries.order_by("-timestamp")[:RECENT_ACTIONS]


class OfferingPageView(OfferingAdminView):
    template_name = "bookings/organize/offering_page.html"

    def get_page_title(self):
        return str(self.offering)

    def get_header_more_buttons(self):
        """Links to the offering's settings and Wagtail history, for those who may edit it."""
        if not self.request.user.has_perm("bookings.change_offering"):
            return []
        return [
            Button(
                _("Edit settings"),
                url=reverse(f"{OFFERINGS}:edit", args=[self.offering.pk]),
                icon_name="edit",
                priority=10,
            ),
            Button(
                _("History"),
                url=reverse(f"{OFFERINGS}:history", args=[self.offering.pk]),
                icon_name="history",
                priority=20,
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offering = self.offering
        participants = list(with_undeliverable_flag(rosters.participants(offering_id=offering.pk)))
        waiting = numbered_waiting_list(offering.pk)
        sessions = list(
            Session.objects.filter(offering=offering)
            .select_related("venue", "offering__venue")
            .order_by("starts_at", "pk")
        )
        for booking in participants + waiting:
            booking.needs_text = ", ".join(rosters.needs_of(booking))
        context.update(
            {
                "availability": availability_of(offering),
                "participants": participants,
                "persons": sum(booking.persons for booking in participants),
                "waiting": waiting,
                "sessions": sessions,
                "now": timezone.now(),
                "capacity_form": CapacityForm(initial={"capacity": offering.capacity}),
                "recent_actions": recent_staff_actions(offering, sessions=sessions),
                "interest": interest_panel(offering, self.request.user),
                "current": "offering",
            }
        )
        return context
