"""Pieces the booking viewsets share: permissions, date display and refusing unsafe deletes."""

import django_filters
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

from bookings.models import Offering

# URL namespaces of the viewsets, so that one screen can link to another.
OFFERINGS = "bookings_offerings"
SESSIONS = "bookings_sessions"
BOOKINGS = "bookings_bookings"


def offerings_with_programs(request=None):
    """Offerings for choice lists; their names include the program title."""
    return Offering.objects.select_related("program")


class ByOfferingFilterSet(WagtailFilterSet):
    """Filters for lists of an offering's things (sessions, bookings); subclasses add Meta."""

    offering = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Offering"), queryset=offerings_with_programs
    )


def local_datetime(value) -> str:
    """A stored (UTC) datetime as Stockholm wall-clock time, e.g. "2026-03-12 18:00"."""
    if value is None:
        return ""
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def local_datetime_column(name: str, label) -> Column:
    """A sortable list column showing a datetime field in Stockholm time."""
    return Column(
        name,
        label=label,
        accessor=lambda instance: local_datetime(getattr(instance, name)),
        sort_key=name,
    )


class AllPermissionsMixin:
    """Offer every model permission (view included) when staff set up groups.

    Wagtail registers "view" only for viewsets with an inspect view; organizers need it to
    see offerings, sessions and bookings without being allowed to change them.
    """

    def get_permissions_to_register(self):
        content_type = ContentType.objects.get_for_model(self.model)
        return Permission.objects.filter(content_type=content_type)


class ListOnlyMixin:
    """A viewset with only its listing: no add, edit, delete, history or usage views."""

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for view in ("add", "edit", "delete", "history", "usage"):
            view_kwargs[f"{view}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def register_admin_url_finder(self):
        """No edit view to point at."""


class RefusingDeleteView(generic.DeleteView):
    """A delete view that says why it will not delete, instead of failing with a 500.

    Subclasses return a message from `refusal_message()` when the object must stay (for
    example because bookings point at it). A `ProtectedError` raised by a race between that
    check and the delete is answered the same way.
    """

    def refusal_message(self) -> str | None:
        return None

    def refuse(self, message):
        messages.error(self.request, message)
        return redirect(self.edit_url_name, self.object.pk)

    def get(self, request, *args, **kwargs):
        message = self.refusal_message()
        if message:
            return self.refuse(message)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        message = self.refusal_message()
        if message:
            return self.refuse(message)
        try:
            return super().post(request, *args, **kwargs)
        except ProtectedError:
            return self.refuse(self.protected_message())

    def protected_message(self) -> str:
        return self.refusal_message() or _(
            "This %(model_name)s cannot be deleted: other records still refer to it."
        ) % {"model_name": self.object._meta.verbose_name}
