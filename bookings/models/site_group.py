"""Which municipality (Wagtail Site) a staff group works for.

Staff roles are Wagtail groups; a group linked to a site acts for that site only. A member of
a group that holds `bookings.manage_all_offerings` and works for a site is a booking
administrator of that site: they see every offering whose program page lies in the site's page
tree, and nothing of another site's. Organizers see the offerings they are assigned to, and
superusers see every site's.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site


class SiteGroup(models.Model):
    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="site_link", verbose_name=_("group")
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        related_name="staff_groups",
        verbose_name=_("municipality (site)"),
    )

    class Meta:
        verbose_name = _("staff group of a municipality")
        verbose_name_plural = _("staff groups of municipalities")

    def __str__(self) -> str:
        return f"{self.group} → {self.site}"
