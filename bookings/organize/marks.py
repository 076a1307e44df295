"""Attendance marks: one symbol and one meaning per kind of mark, on screen and on paper.

The attendance grid, the check list, the printed lists and their PDF draw a mark as a box with
its symbol inside and explain the symbols with the same legend, so a mark reads the same
wherever it is read. An empty box is a mark not made yet: on paper, the box to tick by hand.
A new kind of mark is one more entry in `MARKS` (and in `AttendanceMark`), and the legend,
the grid and the check list show it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bookings.models import AttendanceMark


@dataclass(frozen=True)
class Mark:
    value: str  # the check list's radio value and the CSS modifier
    recorded: str | None  # the `Attendance.mark` it stands for (None: no row)
    symbol: str  # inside the box; "" leaves the box empty
    meaning: Promise  # the legend's words, the check list's choice and screen readers' text


PRESENT = Mark("present", AttendanceMark.PRESENT, "✓", _("present"))
ABSENT = Mark("absent", AttendanceMark.ABSENT, "✗", _("absent (no-show)"))
NOTIFIED = Mark("notified", AttendanceMark.NOTIFIED, "⊘", _("absent, said so in advance"))
NOT_MARKED = Mark("none", None, "", _("not marked yet"))
# In the legend's and the check list's order.
MARKS = (PRESENT, ABSENT, NOTIFIED, NOT_MARKED)
_BY_RECORDED = {mark.recorded: mark for mark in MARKS}


def mark_of(recorded: str | None) -> Mark:
    """The mark for what is recorded for a household at a session."""
    return _BY_RECORDED[recorded]
