"""Which municipality each staff group works for, set by superusers under Settings.

A group's members act for its site only (see bookings.permissions): linking "Gnesta:
booking administrators" to the Gnesta site makes its members Gnesta's booking administrators.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from bookings.models import SiteGroup

from .listings import ScrollingListingMixin


class SiteGroupViewSet(ScrollingListingMixin, ModelViewSet):
    model = SiteGroup
    name = "bookings_site_groups"
    url_prefix = "bookings/site-groups"
    icon = "group"
    menu_label = _("Staff groups of municipalities")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["group", "site"]
    list_display = ["group", "site"]
    ordering = ["site__site_name", "group__name"]
