"""Demand not met as a table of plain values: on the yearly statistics page, as a sheet of its
XLSX file and as a download of its own. What each number means: unmet_demand.py."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .common import program_year_table
from .spreadsheets import Sheet
from .unmet_demand import DemandRow, UnmetDemand


def demand_headers() -> list[str]:
    return [
        _("Program"),
        _("Year"),
        _("Registrations of interest"),
        _("Registered on the website"),
        _("Added by staff"),
        _("Carried over from a waitlist"),
        _("Have booked a group since"),
        _("Waitlisted, never offered a seat"),
    ]


def demand_row(row: DemandRow) -> list:
    return [
        row.program,
        row.year,
        row.registered,
        row.from_web,
        row.from_staff,
        row.from_waitlist,
        row.booked_later,
        row.never_offered,
    ]


def demand_table(demand: UnmetDemand, *, sites: list | None = None) -> tuple[list, list, list]:
    """(headers, one row per program and year, the totals row). With rows of several
    municipalities in view (`sites`, those the user administers), the second column names
    each row's municipality, as in the statistics table."""
    return program_year_table(
        headers=demand_headers(),
        records=demand.rows,
        totals=demand.totals,
        year=demand.year,
        cells=demand_row,
        sites=sites,
    )


def demand_title() -> str:
    return pgettext("sheet name", "Demand not met")


def demand_sheet(demand: UnmetDemand, *, sites: list | None = None) -> Sheet:
    """The table as a sheet of the statistics' XLSX file (totals last)."""
    headers, rows, totals = demand_table(demand, sites=sites)
    return demand_title(), headers, [*rows, totals]
