"""The demo's groups that have already met: one KOMET course half-way through and one that
ended in the spring, with attendance marked, so organizers see check lists, the attendance
grid, no-shows, absences said in advance and the yearly statistics with data in them.

Their booking windows have closed, so the households are added as staff would add them (by
phone). Attendance is made up but fixed: a demo loaded twice on the same day looks the same.
"""

from datetime import date, timedelta

from bookings.models import (
    Attendance,
    AttendanceMark,
    Booking,
    BookingSource,
    ChildAgeBand,
    Offering,
)
from bookings.services import book_offering, notify_absence

from . import schedule
from .offerings import create_offering, demo_email

RUNNING_HOUSEHOLDS = [
    ("Leila Mansour", 2, "ar"), ("Johan Pettersson", 1, ""), ("Sara Lindgren", 2, ""),
    ("Abdi Warsame", 1, "so"), ("Camilla Ek", 2, ""), ("Tomas Wallin", 1, ""),
]  # fmt: skip
ENDED_HOUSEHOLDS = [
    ("Anna Björk", 2, ""), ("Reza Ahmadi", 1, "fa"), ("Linnea Falk", 1, ""),
    ("Mikael Öst", 2, ""), ("Zahra Nouri", 1, "prs"), ("Oskar Dahl", 2, ""),
]  # fmt: skip
# Who missed which session (household index -> session numbers), fixed for repeatable demos.
ABSENCES = {1: {2}, 3: {1, 4, 7}, 5: {5}}


def book_by_phone(offering: Offering, households) -> list[Booking]:
    return [
        book_offering(
            offering_id=offering.pk,
            email=demo_email(name),
            name=name,
            phone=f"070-555 {number:02d} {number * 7 % 100:02d}",
            persons=persons,
            interpreter_language=language,
            needs_childcare=number == 2,
            child_age_band=ChildAgeBand.AGE_6_9,
            source=BookingSource.STAFF,
        )
        for number, (name, persons, language) in enumerate(households)
    ]


def demo_mark(index: int, number: int) -> str:
    """Household `index` at session `number`: present, or one of the fixed absences, said in
    advance at even-numbered sessions and a no-show at odd ones."""
    if number not in ABSENCES.get(index, ()):
        return AttendanceMark.PRESENT
    return AttendanceMark.NOTIFIED if number % 2 == 0 else AttendanceMark.ABSENT


def mark_attendance(offering: Offering, bookings: list[Booking], *, until: date) -> None:
    """Marks at every session before `until`: present, except the fixed absences."""
    held = offering.sessions.filter(starts_at__date__lt=until).order_by("starts_at")
    Attendance.objects.bulk_create(
        Attendance(booking=booking, session=session, mark=demo_mark(index, number))
        for number, session in enumerate(held)
        for index, booking in enumerate(bookings)
    )


def weekly_komet(program, *, first: date) -> Offering:
    """An eleven-week KOMET course, 18:00–20:30, from `first`."""
    days = [first + timedelta(weeks=week) for week in range(11)]
    return create_offering(program, days=days, hours="18:00–20:30", capacity=6)


def build_running_groups(programs: dict, *, organizer, today: date) -> list[Offering]:
    """A KOMET 3–11 course four weeks in (a session this week, a notice of absence for a
    coming one) and one that ended in the spring."""
    komet = programs["komet-3-11"]
    first = schedule.next_weekday(today, schedule.WEDNESDAY) - timedelta(weeks=4)
    running = weekly_komet(komet, first=first)
    households = book_by_phone(running, RUNNING_HOUSEHOLDS)
    mark_attendance(running, households, until=today)
    # One household has already said it cannot come to the next session after today.
    coming = running.sessions.filter(starts_at__date__gt=today).order_by("starts_at").first()
    notify_absence(booking_id=households[4].pk, session_id=coming.pk)

    first = schedule.next_weekday(date(today.year, 3, 1), schedule.MONDAY)
    if first >= today - timedelta(weeks=12):  # early in the year: last year's spring
        first = schedule.next_weekday(date(today.year - 1, 3, 1), schedule.MONDAY)
    ended = weekly_komet(komet, first=first)
    mark_attendance(ended, book_by_phone(ended, ENDED_HOUSEHOLDS), until=today)
    for offering in (running, ended):
        offering.organizers.add(organizer)
    return [running, ended]
