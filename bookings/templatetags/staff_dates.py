"""The staff screens' dates in templates, in the one style of `bookings.organize.labels`:
`{{ value|staff_day }}` "2 dec 2026", `{{ value|staff_moment }}` "2 dec 2026, 18:00",
`{{ session|staff_session }}` "ons 2 dec, 18:00", `{{ session|staff_session_span }}`
"ons 2 dec 2026, 18:00–20:30"."""

from django import template

from bookings.organize.labels import day_label, moment_label, session_label, session_span

register = template.Library()


@register.filter
def staff_day(value) -> str:
    return day_label(value) if value else ""


@register.filter
def staff_moment(value) -> str:
    return moment_label(value)


@register.filter
def staff_session(session) -> str:
    return session_label(session, short=True)


@register.filter
def staff_session_span(session) -> str:
    return session_span(session)
