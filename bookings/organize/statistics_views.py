"""Yearly statistics per program for the municipality's annual report (CSV, XLSX).

The page and both downloads show the same table (`statistics_table`), for the year chosen
in the filter (default: this year) or all years, over the offerings the user may see.
What each number means is defined in bookings/organize/statistics.py.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse_lazy
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from bookings.organize import spreadsheets
from bookings.organize.common import program_year_table
from bookings.organize.statistics import ProgramYear, YearlyStatistics, yearly_statistics
from bookings.organize.unmet_demand import demand_years, unmet_demand
from bookings.organize.unmet_demand_table import demand_sheet, demand_table
from bookings.permissions import administered_sites, offerings_visible_to

ALL_YEARS = "all"
MIN_YEAR, MAX_YEAR = 2000, 2100


def requested_year(value: str | None, *, this_year: int) -> int | None:
    """The year asked for in ?year= (None: all years); this year when none or nonsense."""
    if value == ALL_YEARS:
        return None
    if value and re.fullmatch(r"[0-9]{4}", value) and MIN_YEAR <= int(value) <= MAX_YEAR:
        return int(value)
    return this_year


class YearFilterForm(forms.Form):
    """The year select: the years that have data, this year, the one shown, all years."""

    year = forms.ChoiceField(label=gettext_lazy("Year"), required=False)

    def __init__(self, *args, years: list[int], this_year: int, year: int | None, **kwargs):
        shown = ALL_YEARS if year is None else str(year)
        super().__init__(*args, initial={"year": shown}, **kwargs)
        listed = {*years, this_year} | ({year} if year else set())
        self.fields["year"].choices = [
            *((str(each), str(each)) for each in sorted(listed, reverse=True)),
            (ALL_YEARS, _("All years")),
        ]


def statistics_headers() -> list[str]:
    return [
        _("Program"),
        _("Year"),
        _("Offerings"),
        _("Sessions held"),
        _("Households reached"),
        _("Persons reached"),
        _("Attendance rate (%)"),
        _("No-shows"),
        _("Notified absences"),
        _("Waitlist demand (households)"),
    ]


def statistics_row(row: ProgramYear) -> list:
    return [
        row.program,
        row.year,
        row.offerings,
        row.sessions_held,
        row.households_reached,
        row.persons_reached,
        row.attendance_percent,
        row.no_shows,
        row.notified_absences,
        row.waitlist_demand,
    ]


def statistics_table(
    stats: YearlyStatistics, *, sites: list | None = None
) -> tuple[list[str], list[list], list]:
    """(headers, one row per program and year, the totals row) as plain values. With rows of
    several municipalities in view (`sites`, those the user administers), the second column
    names each row's municipality."""
    return program_year_table(
        headers=statistics_headers(),
        records=stats.rows,
        totals=stats.totals,
        year=stats.year,
        cells=statistics_row,
        sites=sites,
    )


class StatisticsMixin:
    """Reads the year filter and computes the statistics for the user's offerings."""

    def dispatch(self, request, *args, **kwargs):
        # Only staff who organize (or administer) offerings have statistics to see.
        if not offerings_visible_to(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def load_statistics(self) -> YearlyStatistics:
        self.this_year = timezone.localdate().year
        self.year = requested_year(self.request.GET.get("year"), this_year=self.this_year)
        return yearly_statistics(user=self.request.user, year=self.year)

    def sites(self):
        return administered_sites(self.request.user)

    def year_value(self) -> str:
        return ALL_YEARS if self.year is None else str(self.year)


class YearlyStatisticsView(StatisticsMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "bookings/organize/statistics/index.html"
    page_title = gettext_lazy("Yearly statistics")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        stats = self.load_statistics()
        context = super().get_context_data(**kwargs)
        headers, rows, totals = statistics_table(stats, sites=self.sites())
        # Demand not met is a year's figure (the annual report's): the page counts it for the
        # chosen year only, so that all years cost what one does; the downloads hold them all.
        if self.year is None:
            demand, years = None, demand_years(user=self.request.user)
        else:
            counted = unmet_demand(user=self.request.user, year=self.year)
            demand, years = demand_table(counted, sites=self.sites()), counted.years
        context.update(
            form=YearFilterForm(
                years=[*stats.years, *years], this_year=self.this_year, year=self.year
            ),
            demand=demand,
            demand_years=years,
            stats=stats,
            headers=headers,
            rows=rows,
            totals=totals,
            year_value=self.year_value(),
        )
        return context


class StatisticsExportView(StatisticsMixin, TemplateView):
    """The same table as a download."""

    def get(self, request, *args, **kwargs):
        file_format = spreadsheets.require_format(kwargs["file_format"])
        headers, rows, totals = statistics_table(self.load_statistics(), sites=self.sites())
        more = []  # a CSV file holds one table: demand not met has a download of its own
        if file_format == spreadsheets.XLSX:
            demand = unmet_demand(user=request.user, year=self.year)
            more.append(demand_sheet(demand, sites=self.sites()))
        name = slugify(pgettext("file name", "statistics"))
        year = slugify(_("all years")) if self.year is None else self.year
        return spreadsheets.spreadsheet_response(
            file_format=file_format,
            filename=f"{name}-{year}",
            headers=headers,
            rows=[*rows, totals],
            title=pgettext("sheet name", "Statistics"),
            more_sheets=more,
        )


class StatisticsMenuItem(MenuItem):
    """Shown only to staff who can see at least one offering."""

    def is_shown(self, request):
        return offerings_visible_to(request.user).exists()


def statistics_menu_item() -> MenuItem:
    """The "Yearly statistics" entry for the Bookings admin menu (hooked in by wagtail_hooks)."""
    return StatisticsMenuItem(
        label=gettext_lazy("Yearly statistics"),
        url=reverse_lazy("organize:statistics"),
        name="yearly-statistics",
        icon_name="table",
        order=500,
    )


urlpatterns = [
    path("statistics/", YearlyStatisticsView.as_view(), name="statistics"),
    path(
        "statistics.<str:file_format>",
        StatisticsExportView.as_view(),
        name="statistics_export",
    ),
]
