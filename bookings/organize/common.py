"""Pieces the booking viewsets share: permissions, date display, saving through services and
refusing unsafe deletes."""

from operator import attrgetter

import django_filters
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

from bookings.models import Offering
from bookings.permissions import (
    administered_sites,
    require_offering_access,
    restrict_to_visible,
    site_of,
)
from bookings.services import BookingError

from .labels import moment_label

# URL namespaces of the viewsets, so that one screen can link to another.
OFFERINGS = "bookings_offerings"
SESSIONS = "bookings_sessions"
BOOKINGS = "bookings_bookings"


def offerings_with_programs(request=None):
    """Offerings for choice lists; their names include the program title. With a request,
    only the offerings the user may see."""
    offerings = Offering.objects.select_related("program")
    if request is not None:
        offerings = restrict_to_visible(offerings, request.user, offering_path="")
    return offerings


class ByOfferingFilterSet(WagtailFilterSet):
    """Filters for lists of an offering's things (sessions, bookings); subclasses add Meta."""

    offering = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Offering"), queryset=offerings_with_programs
    )


def local_datetime(value) -> str:
    """A stored (UTC) datetime as Stockholm wall-clock time, e.g. "12 mars 2026, 18:00"."""
    return moment_label(value)


def municipality_label(page_path: str, sites) -> str:
    """The name of the municipality (among `sites`) whose page tree holds `page_path`."""
    site = site_of(page_path, sites)
    return site.site_name or site.hostname if site else ""


def program_year_table(
    *, headers: list[str], records, totals, year: int | None, cells, sites=None
) -> tuple[list, list, list]:
    """A per-program-and-year table as plain values: (headers, a row of `cells(record)` per
    record, the totals row named "All programs", and "All years" when `year` is None). With
    rows of several municipalities in view (`sites`, those the user administers), the second
    column names each row's municipality (records have `program_path`)."""
    rows = [cells(record) for record in records]
    total_row = cells(totals)
    total_row[0] = _("All programs")
    if year is None:
        total_row[1] = _("All years")
    if sites and len(sites) > 1:
        headers.insert(1, _("Municipality"))
        for row, record in zip(rows, records, strict=True):
            row.insert(1, municipality_label(record.program_path, sites))
        total_row.insert(1, "")
    return headers, rows, total_row


def municipality_column(sites, *, path_of) -> Column:
    """A column naming each row's municipality: the site whose page tree holds the page at
    `path_of(row)` (its offering's program page)."""
    return Column(
        "municipality",
        label=gettext_lazy("Municipality"),
        accessor=lambda row: municipality_label(path_of(row), sites),
    )


class MunicipalityColumnMixin:
    """For a listing with rows of several municipalities in view (a superuser's, or someone
    administering several), a column naming each row's municipality. `page_path` leads from a
    row to its offering's program page's path, e.g. "offering.program.path"; a listing with
    rows of no offering overrides `page_path_of()`."""

    page_path = "program.path"

    def page_path_of(self, row, sites) -> str:
        return attrgetter(self.page_path)(row)

    @cached_property
    def columns(self):
        columns = list(super().columns)
        sites = administered_sites(self.request.user)
        if len(sites) > 1:
            column = municipality_column(sites, path_of=lambda row: self.page_path_of(row, sites))
            columns.insert(2, column)
        return columns


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


def form_fields(form, *, changed_only: bool) -> dict:
    """The model form's cleaned values by field name (only the changed ones, if asked), for
    the services that save them."""
    names = form.changed_data if changed_only else list(form.cleaned_data)
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


class ServiceFormMixin:
    """For create and edit views whose `save_instance()` calls a service: a `BookingError`
    becomes an error on the form, which is shown again with what was typed."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except BookingError as error:
            form.add_error(None, error.message)
            self.produced_error_code = "validation_error"
            self.produced_error_message = error.message
            return self.form_invalid(form)


class RefusingDeleteView(generic.DeleteView):
    """A delete view that says why it will not delete, instead of failing with a 500.

    Subclasses return a message from `refusal_message()` when the object must stay (for
    example because bookings point at it) and delete through a service in `delete_action()`;
    a `BookingError` from the service (the same check, repeated under the lock) or a
    `ProtectedError` is answered the same way.
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
        except BookingError as error:
            return self.refuse(error.message)
        except ProtectedError:
            return self.refuse(self.protected_message())

    def protected_message(self) -> str:
        return self.refusal_message() or _(
            "This %(model_name)s cannot be deleted: other records still refer to it."
        ) % {"model_name": self.object._meta.verbose_name}


def _offering_id_of(instance, offering_path: str) -> int | None:
    """The offering an object belongs to, following `offering_path` ("" is the offering)."""
    if not offering_path:
        return instance.pk
    target = instance
    for step in offering_path.split("__")[:-1]:
        target = getattr(target, step, None)
        if target is None:
            return None
    return getattr(target, offering_path.split("__")[-1] + "_id", None)


def offering_scoped(view_class, offering_path: str):
    """`view_class`, narrowed to the offerings the user may see (see bookings.permissions).

    Listings show only those offerings' rows; a view of one object (edit, delete, history,
    usage) answers an object of another offering with a 404, as if it did not exist.
    """
    attrs = {}
    if issubclass(view_class, generic.IndexView):

        def get_base_queryset(self):
            queryset = super(scoped, self).get_base_queryset()
            return restrict_to_visible(queryset, self.request.user, offering_path=offering_path)

        attrs["get_base_queryset"] = get_base_queryset
    elif hasattr(view_class, "get_object"):

        def get_object(self, *args, **kwargs):
            instance = super(scoped, self).get_object(*args, **kwargs)
            if instance is not None:
                require_offering_access(
                    self.request.user, _offering_id_of(instance, offering_path)
                )
            return instance

        attrs["get_object"] = get_object
    scoped = type(f"OfferingScoped{view_class.__name__}", (view_class,), attrs)
    return scoped


class OfferingScopedViewSetMixin:
    """Every view of the viewset sees only the offerings the user organizes (or all, for
    booking administrators). `offering_path` leads from the model to its offering."""

    offering_path = "offering"

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(offering_scoped(view_class, self.offering_path), **kwargs)
