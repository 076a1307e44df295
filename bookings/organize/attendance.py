"""Attendance: a tablet check list per session and the households x sessions grid.

The check list is a plain form (a radio group per household) so that it works on any tablet
without JavaScript; the grid shows the whole course with no-shows and links to each check list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages

from bookings.models import Booking, BookingStatus, Session
from bookings.organize import rosters
from bookings.services.errors import BookingError
from bookings.services.staff import record_attendance

from .labels import session_label
from .marks import MARKS, PRESENT, Mark
from .offering_views import OfferingAdminView

# The radio values of the check list and what each one records.
MARK_VALUES: dict[str, str | None] = {mark.value: mark.recorded for mark in MARKS}


def session_to_take(sessions: list[Session], now=None) -> Session | None:
    """The session a leader takes attendance for now: today's or the next one; after the
    last session, the last one."""
    today = timezone.localdate(now or timezone.now())
    for session in sessions:
        if timezone.localdate(session.starts_at) >= today:
            return session
    return sessions[-1] if sessions else None


@dataclass
class CheckRow:
    """One household on the check list, with the radio value to show as chosen."""

    booking: Booking
    value: str  # a Mark's value: "present", "absent", "notified" or "none"
    saved: str  # the value stored when the form was drawn

    @property
    def field(self) -> str:
        return f"mark-{self.booking.pk}"

    @property
    def needs(self) -> list[str]:
        return rosters.needs_of(self.booking)

    @property
    def invalid(self) -> bool:
        """The form came back with a value that is not one of the choices."""
        return self.value not in MARK_VALUES

    @property
    def is_cancelled(self) -> bool:
        """Cancelled after being marked at some session: kept on the list for the record."""
        return self.booking.status != BookingStatus.CONFIRMED


class AttendanceGridView(OfferingAdminView):
    """Households x live sessions: marks, no-shows and totals for the whole offering."""

    template_name = "bookings/organize/attendance/grid.html"
    page_title = gettext_lazy("Attendance")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        grid = rosters.attendance_grid(offering_id=self.offering.pk, now=now)
        columns = [
            {
                "session": session,
                "is_past": session.starts_at <= now,
                "url": reverse("organize:session_attendance", args=[self.offering.pk, session.pk]),
                "present": sum(row.marks[index] is PRESENT for row in grid.rows),
            }
            for index, session in enumerate(grid.sessions)
        ]
        rows = [
            {"row": row, "cells": list(zip(row.marks, columns, strict=True))} for row in grid.rows
        ]
        rate = grid.attendance_rate
        context.update(
            grid=grid,
            columns=columns,
            rows=rows,
            households=sum(row.is_still_booked for row in grid.rows),
            attendance_percent=None if rate is None else round(rate * 100),
            take=session_to_take(grid.sessions, now),
            current="attendance",
        )
        if context["take"] is not None:
            context["take_label"] = session_label(context["take"])
            context["take_url"] = reverse(
                "organize:session_attendance", args=[self.offering.pk, context["take"].pk]
            )
        return context


class SessionAttendanceView(OfferingAdminView):
    """The check list of one session: a mark to choose per household, saved at once."""

    template_name = "bookings/organize/attendance/check_list.html"

    @cached_property
    def session(self) -> Session:
        """The session, only if it belongs to this offering (404 otherwise)."""
        session = get_object_or_404(
            Session.objects.select_related("venue"),
            pk=self.kwargs["session_id"],
            offering_id=self.offering.pk,
        )
        session.offering = self.offering
        return session

    @cached_property
    def households(self) -> list[tuple[Booking, Mark]]:
        return rosters.session_check_list(session=self.session)

    def get_page_title(self):
        return _("Attendance: %(session)s") % {"session": session_label(self.session)}

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        grid = {
            "url": reverse("organize:attendance", args=[self.offering.pk]),
            "label": _("Attendance"),
        }
        return [*items[:-1], grid, items[-1]]

    def post(self, request, *args, **kwargs):
        marks, unknown = self.marks_from(request.POST)
        if unknown:
            messages.error(
                request,
                _("Choose one of the marks for every household, then save again."),
            )
            return self.render_to_response(self.get_context_data(submitted=request.POST))
        try:
            changed = record_attendance(session_id=self.session.pk, actor=request.user, marks=marks)
        except BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance saved: %(count)d change",
                    "Attendance saved: %(count)d changes",
                    changed,
                )
                % {"count": changed},
            )
        return HttpResponseRedirect(request.get_full_path())

    def marks_from(self, data) -> tuple[dict[int, str | None], bool]:
        """The marks the form changes, and whether any value was not one of ours.

        Only households on this check list count; other ids are ignored. A household whose
        choice equals what was stored when the form was drawn is left out, so that two leaders
        saving from two tablets do not undo each other's marks.
        """
        marks, unknown = {}, False
        for booking, _mark in self.households:
            value = data.get(f"mark-{booking.pk}")
            if value is None:
                continue
            if value not in MARK_VALUES:
                unknown = True
            elif value != data.get(f"was-{booking.pk}"):
                marks[booking.pk] = MARK_VALUES[value]
        return marks, unknown

    def get_context_data(self, submitted=None, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.session
        rows = []
        for booking, mark in self.households:
            saved = mark.value
            value = (submitted or {}).get(f"mark-{booking.pk}", saved)
            if submitted is not None:
                saved = submitted.get(f"was-{booking.pk}", saved)
            rows.append(CheckRow(booking=booking, value=value, saved=saved))
        sessions = list(rosters.live_sessions(offering_id=self.offering.pk))
        key = (session.starts_at, session.pk)
        earlier = [s for s in sessions if (s.starts_at, s.pk) < key]
        later = [s for s in sessions if (s.starts_at, s.pk) > key]
        present = [row for row in rows if row.value == "present"]
        context.update(
            session=session,
            session_label=session_label(session),
            venue=session.effective_venue,
            rows=rows,
            present_count=len(present),
            present_persons=sum(row.booking.persons for row in present),
            absent_count=sum(row.value == "absent" for row in rows),
            notified_count=sum(row.value == "notified" for row in rows),
            previous=earlier[-1] if earlier else None,
            next=later[0] if later else None,
            current="attendance",
        )
        for name in ("previous", "next"):
            if context[name] is not None:
                context[f"{name}_label"] = session_label(context[name], short=True)
                context[f"{name}_url"] = reverse(
                    "organize:session_attendance", args=[self.offering.pk, context[name].pk]
                )
        return context


urlpatterns = [
    path("<id:offering_id>/attendance/", AttendanceGridView.as_view(), name="attendance"),
    path(
        "<id:offering_id>/sessions/<id:session_id>/attendance/",
        SessionAttendanceView.as_view(),
        name="session_attendance",
    ),
]
