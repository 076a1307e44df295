"""The organizer's screens in Wagtail's admin (bookings/organize/): the "Bookings" menu, the
organizer's pages under /admin/organize/ and this week's sessions on the dashboard."""

from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup

from bookings import audit  # noqa: F401  (registers the staff actions' log labels)
from bookings.organize import interest_list_views
from bookings.organize import urls as organize_urls
from bookings.organize.booking_list import BookingViewSet
from bookings.organize.dashboard import ThisWeeksSessionsPanel
from bookings.organize.offerings import OfferingViewSet
from bookings.organize.outbox import OutboxViewSet
from bookings.organize.sessions import SessionViewSet
from bookings.organize.site_groups import SiteGroupViewSet
from bookings.organize.statistics_views import statistics_menu_item


class BookingsGroup(ModelViewSetGroup):
    items = (OfferingViewSet, SessionViewSet, BookingViewSet, OutboxViewSet)
    menu_label = _("Bookings")
    menu_name = "bookings"
    menu_icon = "calendar"
    menu_order = 250

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            interest_list_views.interest_menu_item(),
            statistics_menu_item(),
        ]


@hooks.register("register_admin_viewset")
def register_bookings_admin():
    return BookingsGroup()


@hooks.register("register_admin_viewset")
def register_site_groups_admin():
    return SiteGroupViewSet()


@hooks.register("register_admin_urls")
def register_organizer_urls():
    return [
        path("organize/", include(organize_urls)),
        path("organize/interest/", include(interest_list_views)),
    ]


@hooks.register("insert_global_admin_css")
def organizer_screens_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-organize.css"))


@hooks.register("construct_homepage_panels")
def add_this_weeks_sessions_panel(request, panels):
    panels.insert(0, ThisWeeksSessionsPanel())
