"""The Wagtail home panel: this week's sessions of the groups the user organizes."""

from datetime import timedelta

from django.utils import timezone
from wagtail.admin.ui.components import Component

from bookings.models import Offering, Session
from bookings.permissions import offerings_visible_to, restrict_to_visible
from bookings.selectors import availability_of, with_availability


def week_bounds(now):
    """Monday 00:00 to the next Monday 00:00, in Stockholm time."""
    local = timezone.localtime(now)
    monday = (local - timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return monday, monday + timedelta(days=7)


def sessions_this_week(user, *, now=None) -> list[Session]:
    """This week's sessions the user may see, each with `.availability` of its offering.
    Two queries: the sessions, and their offerings' seats and waitlists."""
    start, end = week_bounds(now or timezone.now())
    sessions = list(
        restrict_to_visible(
            Session.objects.filter(starts_at__gte=start, starts_at__lt=end),
            user,
            offering_path="offering",
        )
        .select_related("venue", "offering__venue", "offering__program")
        .order_by("starts_at", "pk")
    )
    offering_ids = {session.offering_id for session in sessions}
    offerings = with_availability(Offering.objects.filter(pk__in=offering_ids)).in_bulk()
    for session in sessions:
        session.availability = availability_of(offerings[session.offering_id], now=now)
    return sessions


class ThisWeeksSessionsPanel(Component):
    name = "this_weeks_sessions"
    template_name = "bookings/organize/dashboard_panel.html"
    order = 50

    def render_html(self, parent_context=None):
        request = parent_context["request"]
        if not offerings_visible_to(request.user).exists():
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        now = timezone.now()
        context["sessions"] = sessions_this_week(parent_context["request"].user, now=now)
        context["now"] = now
        return context
