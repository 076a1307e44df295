"""Attendance marks in templates: `{{ recorded|attendance_mark }}` gives the Mark for a stored
value (an `AttendanceMark`, or None for not marked) and `{% attendance_marks as marks %}` every
kind, for legends."""

from django import template

from bookings.organize.marks import MARKS, Mark, mark_of

register = template.Library()


@register.filter
def attendance_mark(recorded: str | None) -> Mark:
    return mark_of(recorded)


@register.simple_tag
def attendance_marks() -> tuple[Mark, ...]:
    return MARKS
