"""The demo's offerings, sessions and bookings, dated relative to today.

Every booking goes through `book_offering()`, so the demo obeys the same rules as the site:
a full group puts households on the waitlist, windows that have not opened refuse bookings.
All names and addresses are made up; the e-mail addresses are at example.org.
"""

from datetime import date, timedelta
from itertools import cycle

from bookings.models import (
    BookingSource,
    CapacityUnit,
    ChildAgeBand,
    Offering,
    Session,
    WaitlistPolicy,
)
from bookings.services import book_offering
from bookings.services.schedule import refresh_offering_dates

from . import schedule
from .accounts import PARENT
from .schedule import THURSDAY, TUESDAY, WEDNESDAY, at, short_date

HOUSEHOLDS = [
    "Amina Hassan", "Erik Lindqvist", "Fatima Ali", "Jonas Berglund", "Sofia Nilsson",
    "Ahmed Yusuf", "Karin Holm", "Mohammad Rahimi", "Lina Ekström", "Daniel Sjöberg",
    "Hanna Strand", "Omar Abdi", "Maja Lund", "Peter Åberg", "Nour Haddad",
    "Elin Forsberg", "Yonas Tesfay", "Ida Wikström", "Ali Karimi", "Emma Sandberg",
]  # fmt: skip
ASCII = str.maketrans("åäöÅÄÖ", "aaoAAO")


def demo_email(name: str) -> str:
    return name.lower().translate(ASCII).replace(" ", ".") + "@example.org"


def create_offering(program, *, days: list[date], hours: str, capacity: int, **fields):
    """An offering with one session per day during `hours` ("18:00–20:30"), titled by its
    weekday and hours. Fields not given keep the model's defaults: counted in households, two
    persons a booking, the waitlist promoted automatically."""
    start, end = (tuple(map(int, clock.split(":"))) for clock in hours.split("–"))
    offering = Offering.objects.create(
        program=program,
        venue=program.venue,
        title=offering_title(days, hours),
        capacity=capacity,
        **fields,
    )
    Session.objects.bulk_create(
        Session(offering=offering, starts_at=at(day, *start), ends_at=at(day, *end)) for day in days
    )
    refresh_offering_dates(offering_ids=[offering.pk])
    return offering


def create_event(program, *, day: date, hours: str, persons: int):
    """A single date with its seats counted in persons: a meetup or a parents' evening."""
    return create_offering(
        program, days=[day], hours=hours, capacity=persons, capacity_unit=CapacityUnit.PERSONS
    )


def offering_title(days: list[date], hours: str) -> str:
    """E.g. "Torsdagar 18:00–20:30, start 4 mars" for a course, "Onsdag 10 mars 18:00–19:30"
    for a single date."""
    first = days[0]
    if len(days) > 1:
        return f"{schedule.weekday_plural(first).capitalize()} {hours}, start {short_date(first)}"
    return f"{schedule.day_name(first).capitalize()} {hours}"


class Booker:
    """Books households in turn, each household at most once per offering."""

    def __init__(self, households: list[str] = HOUSEHOLDS):
        self.names = cycle(households)

    def book(self, offering, count: int, *, persons=(1, 2), **needs) -> None:
        sizes = cycle(persons)
        for _ in range(count):
            name = next(self.names)
            book_offering(
                offering_id=offering.pk,
                email=demo_email(name),
                name=name,
                persons=min(next(sizes), offering.max_persons_per_booking),
                **needs,
            )


def book_as_demo_parent(offering, parent_user, **needs) -> None:
    """A booking for the demo parent's account (two persons: the couple comes together)."""
    book_offering(
        offering_id=offering.pk,
        email=PARENT.email,
        name=f"{PARENT.first_name} {PARENT.last_name}",
        persons=2,
        user=parent_user,
        source=BookingSource.WEB,
        **needs,
    )


def build_offerings(programs: dict, *, parent_user, today: date) -> None:
    """Offerings for the five demo programs, and bookings that show each state."""
    booker = Booker()

    # KOMET 3–11: eleven Thursday evenings from next Thursday; a few seats left.
    first = schedule.not_on_break(schedule.next_weekday(today, THURSDAY))
    komet = create_offering(
        programs["komet-3-11"], days=schedule.weekly(first, 11), hours="18:00–20:30", capacity=6
    )
    book_as_demo_parent(komet, parent_user, child_age_band=ChildAgeBand.AGE_6_9)
    booker.book(komet, 2, child_age_band=ChildAgeBand.AGE_3_5)
    booker.book(komet, 1, child_age_band=ChildAgeBand.AGE_10_12, needs_childcare=True)

    # KOMET 12–18: nine Tuesday evenings; full, three households waiting for an offer.
    first = schedule.not_on_break(schedule.next_weekday(today, TUESDAY, weeks_later=1))
    teens = create_offering(
        programs["komet-12-18"],
        days=schedule.weekly(first, 9),
        hours="18:00–20:30",
        capacity=6,
        waitlist_policy=WaitlistPolicy.OFFER,
        offer_hours=48,
    )
    # The demo parent holds one of the seats: cancelling it shows the waitlist move on.
    book_as_demo_parent(teens, parent_user, child_age_band=ChildAgeBand.AGE_13_15)
    booker.book(teens, 5 + 3, child_age_band=ChildAgeBand.AGE_13_15)

    # NPF meetups: the second Wednesday of each of the next six months, booked one by one.
    for number, day in enumerate(schedule.monthly_after(today, WEDNESDAY, 6)):
        meetup = create_event(programs["traffar-npf"], day=day, hours="18:00–19:30", persons=15)
        booker.book(meetup, max(4 - 2 * number, 0))

    # The ANDT parents' evening: one weekday evening about three weeks away.
    day = schedule.not_on_break(schedule.next_weekday(today, TUESDAY, weeks_later=3))
    evening = create_event(
        programs["foraldrakvall-andt"], day=day, hours="18:30–20:30", persons=100
    )
    booker.book(evening, 11, persons=(2, 1, 2), child_age_band=ChildAgeBand.AGE_13_15)
    booker.book(evening, 1, access_needs=["hearing_loop"])

    # Föräldraskap i Sverige: five Monday sessions; booking opens in ten days.
    first = schedule.not_on_break(schedule.next_weekday(today, schedule.MONDAY, weeks_later=4))
    create_offering(
        programs["foraldraskap-i-sverige"],
        days=schedule.weekly(first, 5),
        hours="17:30–19:30",
        capacity=10,
        booking_opens_at=at(today + timedelta(days=10), 8),
    )
