"""Demand not met as a download of its own (CSV holds one table; the statistics' XLSX file
also has it as a second sheet), for the year chosen on the yearly statistics page."""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.generic import View

from . import spreadsheets
from .statistics_views import StatisticsMixin, requested_year
from .unmet_demand import unmet_demand
from .unmet_demand_table import demand_sheet


class DemandExportView(StatisticsMixin, View):
    """Only staff who may see the statistics get it (the mixin), over what they may see."""

    def get(self, request, *args, **kwargs):
        file_format = spreadsheets.require_format(kwargs["file_format"])
        self.year = requested_year(request.GET.get("year"), this_year=timezone.localdate().year)
        demand = unmet_demand(user=request.user, year=self.year)
        title, headers, rows = demand_sheet(demand, sites=self.sites())
        name = slugify(pgettext("file name", "demand not met"))
        year = slugify(_("all years")) if self.year is None else self.year
        return spreadsheets.spreadsheet_response(
            file_format=file_format,
            filename=f"{name}-{year}",
            headers=headers,
            rows=rows,
            title=title,
        )


urlpatterns = [
    path(
        "statistics/demand.<str:file_format>",
        DemandExportView.as_view(),
        name="statistics_demand_export",
    ),
]
