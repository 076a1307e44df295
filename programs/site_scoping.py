"""Venues and contacts belong to one municipality (Wagtail Site): staff list, choose, edit and
delete only those of the sites their groups work for (`bookings.permissions.staff_sites`);
another municipality's is answered as if it did not exist. Superusers see all."""

from django.db.models import QuerySet
from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic

from bookings.permissions import log_entries_about, staff_sites

from .models import Contact, Venue

SITE_OWNED = (Venue, Contact)


def _site_ids(user) -> list[int]:
    return [site.pk for site in staff_sites(user)]


def restrict_log_entries_to_sites(entries: QuerySet, user) -> QuerySet:
    """Narrow Wagtail's model log to entries about venues and contacts of the user's own
    sites (all for superusers)."""
    if user.is_superuser:
        return entries
    site_ids = _site_ids(user)
    return log_entries_about(
        entries, {model: model.objects.filter(site_id__in=site_ids) for model in SITE_OWNED}
    )


def site_scoped(view_class):
    """`view_class` narrowed to the rows of the user's sites (listings) or refusing a row of
    another site with a 404 (views of one row)."""
    attrs = {}
    if issubclass(view_class, generic.IndexView):

        def get_base_queryset(self):
            queryset = super(scoped, self).get_base_queryset()
            return queryset.filter(site_id__in=_site_ids(self.request.user))

        attrs["get_base_queryset"] = get_base_queryset
    elif hasattr(view_class, "get_object"):

        def get_object(self, *args, **kwargs):
            instance = super(scoped, self).get_object(*args, **kwargs)
            if instance is not None and instance.site_id not in _site_ids(self.request.user):
                raise Http404
            return instance

        attrs["get_object"] = get_object
    scoped = type(f"SiteScoped{view_class.__name__}", (view_class,), attrs)
    return scoped


class SiteScopedViewSetMixin:
    def construct_view(self, view_class, **kwargs):
        return super().construct_view(site_scoped(view_class), **kwargs)


class SiteOwnedForm(WagtailAdminModelForm):
    """A venue's or contact's form offers only the user's own municipalities, and picks it
    when there is one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "site" in self.fields and self.for_user is not None:
            sites = staff_sites(self.for_user)
            self.fields["site"].queryset = self.fields["site"].queryset.filter(
                pk__in=[site.pk for site in sites]
            )
            if len(sites) == 1 and not self.instance.pk:
                self.fields["site"].initial = sites[0].pk
