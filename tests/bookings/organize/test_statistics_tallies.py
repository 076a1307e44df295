"""Stored years of the yearly statistics: the numbers are those counted live, whatever the
history; any write that changes a stored year's numbers makes it count live again at once; and
the page costs the same queries however many years are stored."""

from dataclasses import asdict
from datetime import timedelta
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from bookings import tally_triggers
from bookings.models import (
    Attendance,
    AttendanceMark,
    Booking,
    BookingStatus,
    ProgramYearTally,
    TalliedYear,
)
from bookings.organize import statistics_tallies
from bookings.organize.statistics import yearly_statistics
from bookings.organize.statistics_tallies import count_settled_years, count_statistics_years
from bookings.services.anonymization import anonymize_bookings
from bookings.services.staff import (
    add_booking_by_staff,
    cancel_booking_by_staff,
    cancel_session,
    move_session,
    record_attendance,
)
from parentsite.management.commands.run_periodic import PERIODIC_TASKS
from tests.bookings.organize.conftest import make_booking_administrator, make_organizer
from tests.bookings.organize.test_statistics import (
    NPF_EARLIER,
    Y,
    booking,
    local,
    mark,
    numbers,
    session,
)
from tests.bookings.organize.test_statistics import (  # noqa: F401 - a fixture, as `groups`
    data as statistics_data,
)
from tests.factories import BookingFactory, OfferingFactory, ProgramPageFactory, UserFactory
from tests.fuzzing import fuzz, rolled_back
from tests.history import add_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(request):
    """The statistics tests' hand-counted offerings: o3 (NPF) is the whole of year Y - 1."""
    return request.getfixturevalue("statistics_data")


def boss():
    return UserFactory(username="chef", is_superuser=True, is_staff=True)


def everything(user) -> dict:
    """What the page shows the user for all years and for each year: every row's fields."""
    shown = {"all": yearly_statistics(user=user, year=None)}
    for year in shown["all"].years:
        shown[year] = yearly_statistics(user=user, year=year)
    return {key: (stats.years, [asdict(row) for row in stats.rows]) for key, stats in shown.items()}


def stored_years() -> list[int]:
    return sorted(
        TalliedYear.objects.filter(counted_at__isnull=False).values_list("year", flat=True)
    )


def test_a_year_over_is_stored_and_read_with_the_live_numbers(groups):
    user = boss()
    live = everything(user)
    assert count_settled_years() == [Y - 1]  # year Y has a session to come
    assert stored_years() == [Y - 1]
    stored = ProgramYearTally.objects.get()
    assert (stored.program.title, stored.present, stored.persons_reached) == ("NPF-träffar", 2, 2)
    assert everything(user) == live
    assert count_settled_years() == []  # nothing left to do

    # The page reads the stored numbers: changed behind the triggers' back, they show.
    ProgramYearTally.objects.update(present=F("present") + 100)
    row = yearly_statistics(user=user, year=Y - 1).rows[0]
    assert (row.present, row.attendance_percent) == (102, 100)


def test_a_year_is_stored_only_two_weeks_after_its_last_group_ended(groups):
    ended = groups["o3"].last_session_ends_at  # 15 January Y, 20:00
    assert count_settled_years(now=ended + timedelta(days=13)) == []
    assert count_settled_years(now=ended + timedelta(days=15)) == [Y - 1]


def test_a_stored_year_counts_live_for_a_moment_before_its_last_session(groups):
    """Numbers counted once every session started hold only after the last start: asked
    about an earlier moment, the page counts live."""
    count_settled_years()
    last_start = groups["o3"].sessions.order_by("starts_at").last().starts_at
    before = yearly_statistics(user=boss(), year=Y - 1, now=last_start - timedelta(minutes=1))
    assert before.rows[0].sessions_held == 1  # live: the second had not started
    after = yearly_statistics(user=boss(), year=Y - 1, now=last_start + timedelta(minutes=1))
    assert numbers(after.rows[0]) == NPF_EARLIER


def test_organizers_and_administrators_see_their_part(groups, sollentuna):
    """A booking administrator reads the stored rows of their municipality's programs; what
    they see of other municipalities (groups they organize) and what an organizer sees is
    counted live."""
    elsewhere = OfferingFactory(program=ProgramPageFactory(parent=sollentuna), title="Annan")
    session(elsewhere, local(Y - 1, 5, 5))
    mark(booking(elsewhere, persons=3), elsewhere.sessions.get(), True)
    administrator = make_booking_administrator()
    elsewhere.organizers.add(administrator)
    organizer = make_organizer(groups["o3"], elsewhere)
    users = (boss(), administrator, organizer)
    live = [everything(user) for user in users]
    assert count_settled_years() == [Y - 1]
    assert [everything(user) for user in users] == live
    rows = live[1]["all"][1]
    assert {(row["program"], row["persons_reached"]) for row in rows if row["year"] == Y - 1} == {
        ("NPF-träffar", 2),
        (elsewhere.program.title, 3),
    }


# Any history: the stored numbers are the live ones

MARKS = st.sampled_from([None, *AttendanceMark.values])
HOUSEHOLD = st.fixed_dictionaries(
    {
        "status": st.sampled_from(BookingStatus.values),
        "persons": st.integers(1, 3),
        "waited": st.booleans(),
        "marks": st.lists(MARKS, max_size=4),
    }
)
GROUP = st.fixed_dictionaries(
    {
        "program": st.integers(0, 2),  # 2: another municipality's
        "years_ago": st.integers(1, 3),
        # New Year's Eve late, New Year's morning (another year in UTC), or any day
        "first": st.one_of(
            st.sampled_from([(12, 31, 23, 30), (1, 1, 0, 30)]),
            st.tuples(st.integers(1, 12), st.integers(1, 28), st.integers(8, 20), st.just(0)),
        ),
        "sessions": st.lists(st.tuples(st.integers(0, 10), st.booleans()), max_size=4),
        "households": st.lists(HOUSEHOLD, max_size=4),
        "organized": st.booleans(),
    }
)


def add_group(spec, programs, organizers) -> None:
    offering = OfferingFactory(program=programs[spec["program"]])
    month, day, hour, minute = spec["first"]
    first = local(timezone.localdate().year - spec["years_ago"], month, day, hour, minute)
    sessions = [
        session(offering, first + timedelta(weeks=weeks), cancelled=cancelled)
        for weeks, cancelled in spec["sessions"]
    ]
    for household in spec["households"]:
        status = household["status"]
        made = BookingFactory(
            offering=offering,
            status=status,
            persons=household["persons"],
            waitlisted_at=first if household["waited"] or status == "waitlisted" else None,
            offer_expires_at=first if status == "offered" else None,
        )
        for at, value in zip(sessions, household["marks"], strict=False):
            if value is not None:
                Attendance.objects.create(booking=made, session=at, mark=value)
    if spec["organized"]:
        offering.organizers.add(*organizers)


@pytest.fixture
def people_and_programs(program_index, sollentuna):
    administrator = make_booking_administrator()
    programs = [
        ProgramPageFactory(parent=program_index, title="KOMET"),
        ProgramPageFactory(parent=program_index, title="NPF"),
        ProgramPageFactory(parent=sollentuna, title="ABC i Sollentuna"),
    ]
    return (boss(), administrator, make_organizer(username="ledaren")), programs


@fuzz(max_examples=30)
@given(history=st.lists(GROUP, min_size=1, max_size=6))
def test_stored_numbers_are_the_live_numbers_for_any_history(people_and_programs, history):
    users, programs = people_and_programs
    with rolled_back():
        for spec in history:
            add_group(spec, programs, organizers=users[1:])
        live = [everything(user) for user in users]
        count_settled_years()
        assert [everything(user) for user in users] == live


# Writes after a year was stored


def first_session(offering):
    return offering.sessions.order_by("starts_at").first()


def last_session(offering):
    return offering.sessions.order_by("starts_at").last()


def marked_households(groups):
    return groups["o3"].bookings.get()


WRITES = {
    "staff mark a household absent": (
        lambda d, actor: record_attendance(
            session_id=first_session(d["o3"]).pk,
            actor=actor,
            marks={marked_households(d).pk: AttendanceMark.ABSENT},
        ),
        {"present": 1, "no_shows": 1, "attendance_percent": 50},
    ),
    "staff take a mark back": (
        lambda d, actor: record_attendance(
            session_id=first_session(d["o3"]).pk, actor=actor, marks={marked_households(d).pk: None}
        ),
        {"present": 1},
    ),
    "staff add a household": (
        lambda d, actor: add_booking_by_staff(
            offering_id=d["o3"].pk, actor=actor, name="Sent", persons=2, email=""
        ),
        {"households_reached": 2, "persons_reached": 4},
    ),
    "staff cancel a booking (the household came: still reached)": (
        lambda d, actor: cancel_booking_by_staff(
            booking_id=marked_households(d).pk, actor=actor, reason="Flyttat"
        ),
        {},
    ),
    "staff cancel a session": (
        lambda d, actor: cancel_session(session_id=last_session(d["o3"]).pk, actor=actor),
        {"sessions_held": 1, "present": 1},
    ),
    "a session added": (
        lambda d, actor: session(d["o3"], local(Y - 1, 12, 4)),
        {"sessions_held": 3},
    ),
    "the persons of a booking changed in bulk": (
        lambda d, actor: Booking.objects.filter(offering=d["o3"]).update(persons=3),
        {"persons_reached": 3},
    ),
    "a mark changed in bulk": (
        lambda d, actor: Attendance.objects.filter(booking__offering=d["o3"]).update(
            mark=AttendanceMark.NOTIFIED
        ),
        {"present": 0, "notified_absences": 2, "attendance_percent": 0},
    ),
    "a waitlist entry written directly": (
        lambda d, actor: booking(d["o3"], BookingStatus.EXPIRED, waitlisted=True),
        {"waitlist_demand": 1},
    ),
    "a booking deleted": (
        lambda d, actor: marked_households(d).delete(),
        {"households_reached": 0, "persons_reached": 0, "present": 0, "attendance_percent": None},
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_a_write_to_a_stored_year_shows_at_once(groups, write):
    change, expected = WRITES[write]
    user = boss()
    count_settled_years()
    assert stored_years() == [Y - 1]
    change(groups, user)
    assert stored_years() == []
    assert [numbers(row) for row in yearly_statistics(user=user, year=Y - 1).rows] == [
        {**NPF_EARLIER, **expected}
    ]
    live = everything(user)
    assert count_settled_years() == [Y - 1]  # counted again by the next periodic run
    assert everything(user) == live


def test_a_write_while_the_year_is_counted_keeps_it_from_being_stored(groups, monkeypatch):
    """A write committed after the job's "being counted" row deletes it: the numbers the job
    read may lack the write, so they are not stored."""
    real_count = statistics_tallies.count_per_program_year

    def count_while_staff_write(chosen, *, now):
        rows = real_count(chosen, now=now)
        Attendance.objects.filter(booking__offering=groups["o3"]).update(mark="absent")
        return rows

    monkeypatch.setattr(statistics_tallies, "count_per_program_year", count_while_staff_write)
    assert count_settled_years() == []
    assert stored_years() == []
    monkeypatch.undo()
    assert count_settled_years() == [Y - 1]
    row = yearly_statistics(user=boss(), year=Y - 1).rows[0]
    assert (row.present, row.no_shows) == (0, 2)


def test_moving_a_group_to_another_year_or_program_moves_its_numbers(groups):
    user = boss()
    count_settled_years()
    november = first_session(groups["o3"])
    move_session(
        session_id=november.pk,
        actor=user,
        starts_at=local(Y, 2, 1),
        ends_at=local(Y, 2, 1) + timedelta(hours=2),
    )
    assert stored_years() == []
    assert yearly_statistics(user=user, year=Y - 1).rows == []
    count_settled_years()
    komet = groups["o1"].program
    groups["o3"].refresh_from_db()
    groups["o3"].program = komet
    groups["o3"].save()
    assert yearly_statistics(user=user, year=Y - 1).rows == []


def test_a_write_elsewhere_or_to_a_field_not_counted_keeps_the_year_stored(groups):
    count_settled_years()
    # A booking of this year's group, anonymization and a change to no counted field
    booking(groups["o1"])
    assert anonymize_bookings(booking_ids=groups["o3"].bookings.values_list("pk", flat=True)) == 1
    Booking.objects.filter(offering=groups["o3"]).update(phone="", waitlist_priority=3)
    assert stored_years() == [Y - 1]
    assert [numbers(row) for row in yearly_statistics(user=boss(), year=Y - 1).rows] == [
        NPF_EARLIER
    ]


# What it costs


def test_the_page_costs_the_same_queries_however_many_years_are_stored(
    admin_client, boss, make_offering
):
    course = make_offering(title="Pågående")  # this year's: counted live
    program = course.program
    add_history(program, offerings=2, years_ago=1)
    count_settled_years()
    url = reverse("organize:statistics")
    admin_client.get(url, {"year": "all"})  # caches warm
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url, {"year": "all"})
    with CaptureQueriesContext(connection) as few_statistics:
        yearly_statistics(user=boss, year=None)
    for years_ago in (2, 3, 4, 5):
        add_history(program, offerings=3, years_ago=years_ago)
        add_history(ProgramPageFactory(parent=program.get_parent()), years_ago=years_ago)
    assert len(count_settled_years()) >= 4
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url, {"year": "all"})
    with CaptureQueriesContext(connection) as many_statistics:
        stats = yearly_statistics(user=boss, year=None)
    assert response.status_code == 200
    assert len(few) == len(many)
    assert len(few_statistics) == len(many_statistics) == 6
    assert stats.totals.offerings == 1 + 2 + 4 * (3 + 2)


# Keeping it running


def test_the_periodic_job_and_the_migration_count_the_years_over(groups):
    assert count_statistics_years in PERIODIC_TASKS
    assert count_statistics_years.call() == 1
    TalliedYear.objects.all().delete()
    fill = import_module("bookings.migrations.0025_statistics_tallies_fill")
    state = MigrationLoader(connection).project_state(("bookings", "0025_statistics_tallies_fill"))
    fill.count_years(state.apps, None)  # with the models as they were at that migration
    assert stored_years() == [Y - 1]
    assert [numbers(row) for row in yearly_statistics(user=boss(), year=Y - 1).rows] == [
        NPF_EARLIER
    ]


def test_a_trigger_lost_is_put_back_after_migrate_and_the_stored_years_forgotten(groups):
    """SQLite drops a table's triggers when a migration rebuilds the table."""
    count_settled_years()
    table, name = tally_triggers.trigger_names()[0]
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TRIGGER {name} ON {table}"
            if connection.vendor == "postgresql"
            else f"DROP TRIGGER {name}"
        )
    assert name not in tally_triggers.installed_triggers(connection)
    tally_triggers.ensure_triggers()
    assert name in tally_triggers.installed_triggers(connection)
    assert stored_years() == []
    count_settled_years()
    booking(groups["o3"])
    assert stored_years() == []
