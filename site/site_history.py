"""Wagtail's "Site history" report, narrowed to what the user may see.

Wagtail lists the log entries of every model the user has some permission on, so a booking
administrator of one municipality would read the labels of another's offerings, bookings,
venues and contacts (and the names of the staff who changed them). This report keeps
Wagtail's screen, filters and exports and narrows every log query with
bookings.permissions (offerings and what belongs to them) and programs.site_scoping (venues
and contacts). It is routed at Wagtail's own address, ahead of Wagtail's admin URLs.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.log_actions import registry as log_registry

from bookings.permissions import restrict_log_entries
from programs.site_scoping import restrict_log_entries_to_sites


def visible_entries(entries, user):
    """`entries` (of any log model) without those about rows `user` may not see."""
    return restrict_log_entries_to_sites(restrict_log_entries(entries, user), user)


def _viewable(user):
    """Each log model's entries the user may see."""
    for log_model in log_registry.get_log_entry_models():
        yield visible_entries(log_model.objects.viewable_by_user(user), user)


def content_types_for_filter(request):
    ids = set().union(*(entries.get_content_type_ids() for entries in _viewable(request.user)))
    return ContentType.objects.filter(pk__in=ids).order_by("model")


class VisibleSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """Offers only the types, actions and users of entries the user may see."""

    object_type = ContentTypeFilter(
        label=_("Type"), method="filter_object_type", queryset=content_types_for_filter
    )

    def get_action_choices(self):
        actions = set().union(*(entries.get_actions() for entries in _viewable(self.request.user)))
        return [choice for choice in log_registry.get_choices() if choice[0] in actions]

    def get_user_choices(self):
        ids = set().union(*(entries.get_user_ids() for entries in _viewable(self.request.user)))
        users = get_user_model()
        return users.objects.filter(pk__in=ids).order_by(users.USERNAME_FIELD)

    class Meta(SiteHistoryReportFilterSet.Meta):
        pass


class VisibleSiteHistoryView(LogEntriesView):
    filterset_class = VisibleSiteHistoryFilterSet
    results_template_name = "parentsite/reports/site_history_results.html"

    def filter_queryset(self, queryset):
        """Called for each log model's entries before they are joined into one list."""
        return visible_entries(super().filter_queryset(queryset), self.request.user)


def _admin_view(view):
    return never_cache(require_admin_access(view))


urlpatterns = [
    path(
        "admin/reports/site-history/",
        _admin_view(VisibleSiteHistoryView.as_view()),
        name="visible_site_history",
    ),
    path(
        "admin/reports/site-history/results/",
        _admin_view(VisibleSiteHistoryView.as_view(results_only=True)),
        name="visible_site_history_results",
    ),
]
