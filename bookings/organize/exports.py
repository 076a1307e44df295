"""Participant lists as CSV and XLSX, in Swedish local time, safe to open in a spreadsheet.

One row per household: confirmed first (by name), then those offered a seat and the waitlist
in the order seats go out, with a mark per session that takes place and the number of
sessions missed. Seven queries of its own however many households: the access check, the
two lists and the attendance grid's four (rosters.py).
"""

from __future__ import annotations

from django.urls import path
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bookings.models import (
    AccessNeed,
    Booking,
    BookingSource,
    BookingStatus,
    ChildAgeBand,
    interpreter_language_label,
)
from bookings.organize import rosters, spreadsheets

from .marks import NOT_MARKED, Mark
from .offering_views import OfferingAdminView


def field_label(name: str) -> str:
    return capfirst(Booking._meta.get_field(name).verbose_name)


def mark_word(mark: Mark) -> str:
    """A mark in words, as the legend says it ("" when not marked)."""
    return "" if mark is NOT_MARKED else str(mark.meaning)


def label_of(choices, value: str) -> str:
    """A stored choice as its translated label ("" when blank or no longer a choice)."""
    return str(choices(value).label) if value in choices.values else ""


def participant_headers(grid: rosters.AttendanceGrid) -> list[str]:
    return [
        field_label("status"),
        _("Place in line"),
        field_label("name"),
        field_label("email"),
        field_label("phone"),
        field_label("persons"),
        field_label("child_age_band"),
        field_label("interpreter_language"),
        _("Childcare"),
        field_label("access_needs"),
        field_label("source"),
        _("Booked at"),
        *(spreadsheets.local_text(session.starts_at) for session in grid.sessions),
        _("No-shows"),
        _("Said they can't come"),
    ]


def participant_row(booking: Booking, *, place: int | None, grid_row, sessions: int) -> list:
    """One household's cells; `grid_row` is its attendance line (None: not in the grid, e.g.
    still waiting, so no marks and no absences)."""
    marks = grid_row.marks if grid_row else [NOT_MARKED] * sessions
    return [
        label_of(BookingStatus, booking.status),
        place,
        booking.name,
        booking.email,
        booking.phone,
        booking.persons,
        label_of(ChildAgeBand, booking.child_age_band),
        interpreter_language_label(booking.interpreter_language),
        _("Yes") if booking.needs_childcare else _("No"),
        ", ".join(label_of(AccessNeed, need) for need in booking.access_needs),
        label_of(BookingSource, booking.source),
        booking.created_at,
        *(mark_word(mark) for mark in marks),
        grid_row.absent if grid_row else None,
        grid_row.notified if grid_row else None,
    ]


def participant_rows(*, offering_id: int, grid: rosters.AttendanceGrid) -> list[list]:
    """Confirmed households, then offered, then waitlisted (with their place in line)."""
    grid_rows = {row.booking.pk: row for row in grid.rows}
    sessions = len(grid.sessions)
    rows = [
        participant_row(booking, place=None, grid_row=grid_rows.get(booking.pk), sessions=sessions)
        for booking in rosters.participants(offering_id=offering_id)
    ]
    place = 0
    for booking in rosters.waiting_list(offering_id=offering_id):
        # Offered households hold a seat already; the place counts those still waiting, as
        # selectors.waitlist_position() does.
        waiting = booking.status == BookingStatus.WAITLISTED
        place += waiting
        rows.append(
            participant_row(
                booking,
                place=place if waiting else None,
                grid_row=grid_rows.get(booking.pk),
                sessions=sessions,
            )
        )
    return rows


class ParticipantsExportView(OfferingAdminView):
    """Download the offering's households as CSV or XLSX (a file, not a page)."""

    def get(self, request, *args, **kwargs):
        file_format = spreadsheets.require_format(kwargs["file_format"])
        grid = rosters.attendance_grid(offering_id=self.offering.pk)
        name = slugify(pgettext("file name", "participants"))
        return spreadsheets.spreadsheet_response(
            file_format=file_format,
            # No names in file names: they stay in download folders and browser histories.
            filename=f"{name}-{self.offering.pk}",
            headers=participant_headers(grid),
            rows=participant_rows(offering_id=self.offering.pk, grid=grid),
            title=pgettext("sheet name", "Participants"),
        )


urlpatterns = [
    path(
        "<id:offering_id>/participants.<str:file_format>",
        ParticipantsExportView.as_view(),
        name="export_participants",
    ),
]
