"""The organizers' interest-list screens: the programs, one program's list with its counts,
adding a household met by phone, taking a household off on its behalf, and the download.

Every screen answers a program the user may not see (bookings.permissions.visible_program)
with a 404, as for an id that does not exist; every response is marked no-store.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from bookings.models import InterestRegistration, InterestSource, InterestStatus
from bookings.permissions import programs_visible_to, visible_program
from bookings.selectors.interest import waiting_list
from bookings.services import BookingError, register_interest, withdraw_interest

from . import spreadsheets
from .interest_list import (
    export_headers,
    export_rows,
    interest_summary,
    place_in_line,
    preferences_text,
    shows_contact,
    waiting_counts,
)
from .interest_list_forms import FindHouseholdForm, StaffInterestForm

PER_PAGE = 100


def describe(registrations, *, contact: bool | None = None) -> list[InterestRegistration]:
    """The registrations with their answers in words (`.words`) and whether staff see their
    contact details (`.contact`: by the rule, unless `contact` says otherwise)."""
    for registration in registrations:
        registration.words = preferences_text(registration)
        registration.contact = shows_contact(registration) if contact is None else contact
    return registrations


@method_decorator(never_cache, name="dispatch")
class InterestAdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("interest_list:index"), "label": _("Interest lists")},
            *self.more_breadcrumbs(),
        ]

    def more_breadcrumbs(self) -> list[dict]:
        return []


class InterestIndexView(InterestAdminView):
    """The programs the user may see that have groups or a list, with how many are waiting."""

    template_name = "bookings/organize/interest/index.html"
    page_title = gettext_lazy("Interest lists")

    def dispatch(self, request, *args, **kwargs):
        if not programs_visible_to(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programs = list(
            programs_visible_to(self.request.user)
            .filter(Q(offerings__isnull=False) | Q(interest_registrations__isnull=False))
            .distinct()
            .order_by("title")
        )
        counts = waiting_counts(program.pk for program in programs)
        for program in programs:
            program.households, program.persons = counts.get(program.pk, (0, 0))
        context["programs"] = programs
        return context


class ProgramInterestMixin:
    def dispatch(self, request, *args, **kwargs):
        self.program = visible_program(request.user, kwargs["program_id"])
        return super().dispatch(request, *args, **kwargs)

    def list_url(self) -> str:
        return reverse("interest_list:program", args=[self.program.pk])

    def list_title(self) -> str:
        return _("Interest list: %(program)s") % {"program": self.program.title}

    def more_breadcrumbs(self) -> list[dict]:
        items = [{"url": self.list_url(), "label": self.list_title()}]
        if self.request.path != self.list_url():
            items.append({"url": "", "label": self.get_page_title()})
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(program=self.program, list_url=self.list_url())
        return context


class ProgramInterestView(ProgramInterestMixin, InterestAdminView):
    """One program's list: counts by preference, then every household in line order. A POST
    finds one household by its address (shown with its contact details, to act for it)."""

    template_name = "bookings/organize/interest/program.html"

    def get_page_title(self):
        return self.list_title()

    def post(self, request, *args, **kwargs):
        form = FindHouseholdForm(request.POST)
        found = None
        if form.is_valid():
            waiting = waiting_list(program_id=self.program.pk)
            found = describe(
                list(waiting.filter(email=form.cleaned_data["find_email"])), contact=True
            )
            for registration in found:
                registration.place = place_in_line(registration)
        return self.render_to_response(self.get_context_data(find_form=form, found=found))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(waiting_list(program_id=self.program.pk), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        households = describe(list(page.object_list))
        for place, registration in enumerate(households, start=page.start_index()):
            registration.place = place
        context.update(
            summary=interest_summary(program_id=self.program.pk),
            households=households,
            page=page,
            find_form=kwargs.get("find_form") or FindHouseholdForm(),
        )
        return context


class AddByPhoneView(ProgramInterestMixin, InterestAdminView):
    template_name = "bookings/organize/interest/add.html"
    page_title = gettext_lazy("Add a household met by phone")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=StaffInterestForm()))

    def post(self, request, *args, **kwargs):
        form = StaffInterestForm(request.POST)
        if form.is_valid():
            try:
                registration = register_interest(
                    program_id=self.program.pk,
                    email=form.cleaned_data["email"],
                    user=None,
                    source=InterestSource.STAFF,
                    language=form.cleaned_data["language"],
                    **form.registration_details(),
                )
            except BookingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("The household is on the list, number %(place)d in line.")
                    % {"place": place_in_line(registration)},
                )
                return redirect(self.list_url())
        messages.error(request, _("Nothing was changed. See the message below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class WithdrawView(ProgramInterestMixin, InterestAdminView):
    """ "Take off the list" for a household that asked staff to: GET asks, POST does it."""

    template_name = "bookings/organize/interest/withdraw.html"
    page_title = gettext_lazy("Take a household off the list")

    def registration(self) -> InterestRegistration:
        return get_object_or_404(
            InterestRegistration,
            pk=self.kwargs["registration_id"],
            program=self.program,
            status=InterestStatus.WAITING,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["registration"] = describe([self.registration()], contact=True)[0]
        return context

    def post(self, request, *args, **kwargs):
        registration = self.registration()
        try:
            withdraw_interest(registration_id=registration.pk)
        except BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The household is no longer on the list."))
        return redirect(self.list_url())


class InterestExportView(ProgramInterestMixin, InterestAdminView):
    """The list as CSV or XLSX, with the page's contact rule."""

    def get(self, request, *args, **kwargs):
        file_format = spreadsheets.require_format(kwargs["file_format"])
        name = slugify(pgettext("file name", "interest-list"))
        return spreadsheets.spreadsheet_response(
            file_format=file_format,
            # No names in file names: they stay in download folders and browser histories.
            filename=f"{name}-{self.program.pk}",
            headers=export_headers(),
            rows=export_rows(waiting_list(program_id=self.program.pk)),
            title=pgettext("sheet name", "Interest list"),
        )


class InterestMenuItem(MenuItem):
    """Shown to staff who may see at least one program's list."""

    def is_shown(self, request):
        return programs_visible_to(request.user).exists()


def interest_menu_item() -> MenuItem:
    """The "Interest lists" entry of the Bookings admin menu (hooked in by wagtail_hooks)."""
    return InterestMenuItem(
        label=gettext_lazy("Interest lists"),
        url=reverse_lazy("interest_list:index"),
        name="interest-lists",
        icon_name="group",
        order=450,
    )


app_name = "interest_list"
program_path = "<id:program_id>/"
urlpatterns = [
    path("", InterestIndexView.as_view(), name="index"),
    path(program_path, ProgramInterestView.as_view(), name="program"),
    path(program_path + "add/", AddByPhoneView.as_view(), name="add"),
    path(
        program_path + "<id:registration_id>/withdraw/",
        WithdrawView.as_view(),
        name="withdraw",
    ),
    path(
        program_path + "interest-list.<str:file_format>",
        InterestExportView.as_view(),
        name="export",
    ),
]
