"""The "Bookings" admin menu: offerings, their sessions, and a read-only list of bookings."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup

from bookings import audit  # noqa: F401  (registers the staff actions' log labels)
from bookings.admin.booking_list import BookingViewSet
from bookings.admin.offerings import OfferingViewSet
from bookings.admin.outbox import OutboxViewSet
from bookings.admin.sessions import SessionViewSet


class BookingsGroup(ModelViewSetGroup):
    items = (OfferingViewSet, SessionViewSet, BookingViewSet, OutboxViewSet)
    menu_label = _("Bookings")
    menu_name = "bookings"
    menu_icon = "calendar"
    menu_order = 250


@hooks.register("register_admin_viewset")
def register_bookings_admin():
    return BookingsGroup()


@hooks.register("register_admin_urls")
def register_organizer_urls():
    from bookings.admin import urls

    return [path("organize/", include(urls))]
