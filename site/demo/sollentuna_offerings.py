"""Sollentuna's demo groups, dated relative to today, with bookings in every state: a full
KOMET course where a cancellation has offered the seat to the first in line, monthly NPF
meetups (one booked by the demo parent, who also has bookings in Gnesta), an ABC course open
for booking and one that ended in the spring with attendance marked.

All bookings go through the booking services, as in Gnesta (`offerings.py`).
"""

from datetime import date, timedelta

from bookings.models import BookingStatus, ChildAgeBand, Offering, WaitlistPolicy
from bookings.services import cancel_booking

from . import schedule
from .accounts import PARENT, SOLLENTUNA_ORGANIZER
from .offerings import Booker, book_as_demo_parent, create_event, create_offering
from .running_groups import book_by_phone, mark_attendance

HOUSEHOLDS = [
    "Alexandra Mäkinen", "Hussein Jama", "Petra Lundgren", "Samir Haddad", "Kristina Rosén",
    "Dawit Haile", "Ebba Holmqvist", "Mehmet Yilmaz", "Johanna Björklund", "Farah Osman",
    "Viktor Engström", "Leyla Karimi", "Anders Nyström", "Rana Saleh",
]  # fmt: skip
ENDED_HOUSEHOLDS = [
    ("Nadia Rahman", 2, "ar"), ("Fredrik Olsson", 1, ""), ("Malin Eklund", 2, ""),
    ("Ayaan Mohamed", 1, "so"), ("Sebastian Lindahl", 2, ""),
]  # fmt: skip


def full_komet(program, booker: Booker, *, today: date) -> Offering:
    """Ten Tuesday evenings from next Tuesday, six households: one has cancelled, so the first
    in line holds an offer (48 hours to answer) and two are still waiting."""
    first = schedule.not_on_break(schedule.next_weekday(today, schedule.TUESDAY))
    komet = create_offering(
        program,
        days=schedule.weekly(first, 10),
        hours="17:30–20:00",
        capacity=6,
        waitlist_policy=WaitlistPolicy.OFFER,
        offer_hours=48,
    )
    booker.book(komet, 6 + 3, child_age_band=ChildAgeBand.AGE_6_9)
    first_seat = komet.bookings.filter(status=BookingStatus.CONFIRMED).order_by("pk").first()
    cancel_booking(booking_id=first_seat.pk)
    return komet


def ended_abc(program, *, today: date) -> Offering:
    """Four Wednesdays in April (last year's, early in the year), attendance marked."""
    first = schedule.next_weekday(date(today.year, 4, 1), schedule.WEDNESDAY)
    if first >= today - timedelta(weeks=6):
        first = schedule.next_weekday(date(today.year - 1, 4, 1), schedule.WEDNESDAY)
    ended = create_offering(
        program, days=schedule.weekly(first, 4), hours="18:00–20:30", capacity=8
    )
    mark_attendance(ended, book_by_phone(ended, ENDED_HOUSEHOLDS), until=today)
    return ended


def build_sollentuna_offerings(programs: dict, *, users: dict, today: date) -> None:
    """Sollentuna's offerings and bookings; its organizer leads the KOMET and ABC groups, the
    NPF meetups belong to a colleague."""
    booker = Booker(HOUSEHOLDS)
    komet = full_komet(programs["komet-barn-3-11"], booker, today=today)

    # NPF meetups: the second Thursday of each of the next four months, booked one by one.
    for number, day in enumerate(schedule.monthly_after(today, schedule.THURSDAY, 4)):
        meetup = create_event(
            programs["foraldratraff-npf"], day=day, hours="18:00–19:30", persons=20
        )
        if number == 0:
            book_as_demo_parent(meetup, users[PARENT.key], child_age_band=ChildAgeBand.AGE_10_12)
        booker.book(meetup, max(5 - 2 * number, 0))

    # ABC: four Wednesday evenings from in two weeks, open for booking, childcare asked for.
    first = schedule.not_on_break(schedule.next_weekday(today, schedule.WEDNESDAY, weeks_later=1))
    abc = create_offering(
        programs["abc-alla-barn-i-centrum"],
        days=schedule.weekly(first, 4),
        hours="18:00–20:30",
        capacity=8,
    )
    booker.book(abc, 2, child_age_band=ChildAgeBand.AGE_3_5)
    booker.book(abc, 1, child_age_band=ChildAgeBand.AGE_6_9, needs_childcare=True)

    organizer = users[SOLLENTUNA_ORGANIZER.key]
    for offering in (komet, abc, ended_abc(programs["abc-alla-barn-i-centrum"], today=today)):
        offering.organizers.add(organizer)
