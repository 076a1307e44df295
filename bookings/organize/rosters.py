"""Reads for organizers: who is booked on an offering, the waitlist, and the attendance grid.

The offering page, the attendance screens, printed lists and exports all read households
and attendance through these functions, so that they list the same people in the same
order. Each function runs a fixed number of queries, however many households there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import selectors
from bookings.models import (
    AccessNeed,
    Attendance,
    AttendanceMark,
    Booking,
    BookingStatus,
    Offering,
    Session,
    interpreter_language_label,
)

from .marks import ABSENT, NOTIFIED, PRESENT, Mark, mark_of


def participants(*, offering_id: int) -> QuerySet[Booking]:
    """Households with a confirmed seat, by name."""
    return Booking.objects.filter(offering_id=offering_id, status=BookingStatus.CONFIRMED).order_by(
        Lower("name"), "pk"
    )


def waiting_list(*, offering_id: int) -> QuerySet[Booking]:
    """Households offered a seat (first) and then the waitlist, in the order seats go out."""
    return Booking.objects.filter(
        offering_id=offering_id, status__in=(BookingStatus.OFFERED, BookingStatus.WAITLISTED)
    ).order_by(
        # Offered bookings already hold their seat; they come before those still waiting.
        F("offer_expires_at").asc(nulls_last=True),
        *selectors.waitlist_ordering(),
    )


def live_sessions(*, offering_id: int) -> QuerySet[Session]:
    """An offering's sessions that take place (not cancelled), in date order, with venues."""
    return (
        Session.objects.filter(offering_id=offering_id, is_cancelled=False)
        .select_related("venue", "offering__venue")
        .order_by("starts_at", "pk")
    )


def needs_of(booking: Booking) -> list[str]:
    """A household's needs in words: interpreter language, childcare, access needs."""
    needs = []
    if booking.interpreter_language:
        language = interpreter_language_label(booking.interpreter_language)
        needs.append(_("Interpreter: %(language)s") % {"language": language})
    if booking.needs_childcare:
        needs.append(_("Childcare"))
    needs.extend(
        str(AccessNeed(need).label) for need in booking.access_needs if need in AccessNeed.values
    )
    return needs


@dataclass
class BookedRow:
    """A household's line on an organizer's list, with its needs in words and whether it still
    holds its seat (a household that cancelled after being marked stays on the list)."""

    booking: Booking

    @property
    def needs(self) -> list[str]:
        return needs_of(self.booking)

    @property
    def is_still_booked(self) -> bool:
        return self.booking.status == BookingStatus.CONFIRMED


@dataclass
class HouseholdRow(BookedRow):
    """One household's line in the attendance grid: a mark per session."""

    marks: list[Mark]
    # Only sessions that have started count towards attendance and absences.
    present: int = 0
    absent: int = 0  # no-shows
    notified: int = 0  # absences the household announced in advance


@dataclass
class AttendanceGrid:
    """Households x sessions for one offering, with no-show and notified-absence counts."""

    offering: Offering
    sessions: list[Session]
    rows: list[HouseholdRow] = field(default_factory=list)

    @property
    def present(self) -> int:
        return sum(row.present for row in self.rows)

    @property
    def absent(self) -> int:
        """No-shows in the whole offering: households marked absent from a session."""
        return sum(row.absent for row in self.rows)

    @property
    def notified(self) -> int:
        """Absences households said in advance, counted apart from no-shows."""
        return sum(row.notified for row in self.rows)

    @property
    def attendance_rate(self) -> float | None:
        """Share of marked places that were present (None before anything is marked); an
        absence said in advance is still an absence."""
        marked = self.present + self.absent + self.notified
        return self.present / marked if marked else None

    @property
    def persons(self) -> int:
        return sum(row.booking.persons for row in self.rows if row.is_still_booked)


def grid_households(*, offering_id: int, session: Session | None = None) -> QuerySet[Booking]:
    """Households that belong in the grid: booked now, or marked by the leaders at a session
    before they cancelled (their attendance stays on record; a notice of absence alone does
    not keep a cancelled booking on the list). With `session`, only a mark at that session
    keeps a cancelled booking on its list: a later session does not expect the household."""
    marked = Attendance.objects.filter(booking=OuterRef("pk")).exclude(mark=AttendanceMark.NOTIFIED)
    if session is not None:
        marked = marked.filter(session=session)
    return (
        Booking.objects.filter(offering_id=offering_id)
        .filter(Q(status=BookingStatus.CONFIRMED) | Exists(marked))
        .order_by(Lower("name"), "pk")
    )


def attendance_grid(*, offering_id: int, now=None) -> AttendanceGrid:
    """The grid of households x live sessions, with each household's counts per mark.

    Four queries in all: the offering, its sessions, its households, their attendance.
    """
    now = now or timezone.now()
    offering = Offering.objects.select_related("program", "venue").get(pk=offering_id)
    sessions = list(live_sessions(offering_id=offering_id))
    households = list(grid_households(offering_id=offering_id))
    recorded = {
        (booking_id, session_id): mark
        for booking_id, session_id, mark in Attendance.objects.filter(
            booking__offering_id=offering_id
        ).values_list("booking_id", "session_id", "mark")
    }
    grid = AttendanceGrid(offering=offering, sessions=sessions)
    for booking in households:
        row = HouseholdRow(
            booking=booking, marks=[mark_of(recorded.get((booking.pk, s.pk))) for s in sessions]
        )
        for session, mark in zip(sessions, row.marks, strict=True):
            if session.starts_at <= now:
                row.present += mark is PRESENT
                row.absent += mark is ABSENT
                row.notified += mark is NOTIFIED
        grid.rows.append(row)
    return grid


def session_check_list(*, session: Session) -> list[tuple[Booking, Mark]]:
    """Households booked on the session's offering (and those marked at it before they
    cancelled), with their mark for this session."""
    households = list(grid_households(offering_id=session.offering_id, session=session))
    recorded = dict(Attendance.objects.filter(session=session).values_list("booking_id", "mark"))
    return [(booking, mark_of(recorded.get(booking.pk))) for booking in households]
