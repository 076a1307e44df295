"""Counting a year while a write to it is under way (real PostgreSQL, two connections).

A staff member changes a mark of last year's group and has not committed yet when the periodic
job counts that year: the write's trigger ran before the job's "being counted" row existed, so
it deleted nothing. The job must not store numbers without that mark: it waits for writers
begun before its row (and gives up after `WRITERS_TIMEOUT`). The control, without the wait,
stores the stale numbers, which shows the test would catch the race.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import F

from bookings.models import Attendance, AttendanceMark, BookingStatus, Offering, Session
from bookings.organize import statistics_tallies
from bookings.organize.statistics import yearly_statistics
from bookings.organize.statistics_tallies import count_settled_years
from tests.bookings.organize.test_statistics import Y, local
from tests.bookings.test_concurrency import leave_migrated_data_behind  # noqa: F401 - fixture
from tests.factories import BookingFactory, OfferingFactory, SessionFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def last_years_group(program_index):
    offering = OfferingFactory(program__parent=program_index, title="Förra året")
    starts = local(Y, 3, 5)
    session = SessionFactory(
        offering=offering, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    booking = BookingFactory(offering=offering, status=BookingStatus.CONFIRMED)
    Attendance.objects.create(booking=booking, session=session, mark=AttendanceMark.PRESENT)
    return booking


def writer_under_way(booking, *, commit_after: float | None = None):
    """Start a staff write of `booking`'s mark (absent) in its own connection and leave it
    uncommitted; returns (a function that lets it commit and waits for it, the thread)."""
    wrote, go_on = threading.Event(), threading.Event()

    def write():
        try:
            with transaction.atomic():
                Attendance.objects.filter(booking=booking).update(mark=AttendanceMark.ABSENT)
                wrote.set()
                go_on.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=write, name="staff-write")
    thread.start()
    assert wrote.wait(timeout=30)
    if commit_after is not None:
        threading.Timer(commit_after, go_on.set).start()

    def finish():
        go_on.set()
        thread.join(timeout=30)

    return finish


def shown(user) -> tuple[int, int]:
    row = yearly_statistics(user=user, year=Y).rows[0]
    return row.present, row.no_shows


def test_the_job_waits_for_a_write_under_way(last_years_group):
    boss = UserFactory(username="chef", is_superuser=True, is_staff=True)
    finish = writer_under_way(last_years_group, commit_after=0.5)
    assert count_settled_years() == [Y]  # waited for the write, then counted it
    finish()
    assert shown(boss) == (0, 1)


def test_the_job_gives_up_on_a_write_that_stays_open(last_years_group, monkeypatch):
    boss = UserFactory(username="chef", is_superuser=True, is_staff=True)
    monkeypatch.setattr(statistics_tallies, "WRITERS_TIMEOUT", 0.2)
    finish = writer_under_way(last_years_group)
    assert count_settled_years() == []
    finish()
    assert shown(boss) == (0, 1)  # counted live
    assert count_settled_years() == [Y]
    assert shown(boss) == (0, 1)


def test_control_without_waiting_the_stale_numbers_are_stored(last_years_group, monkeypatch):
    boss = UserFactory(username="chef", is_superuser=True, is_staff=True)
    monkeypatch.setattr(statistics_tallies, "_wait_for_writers", lambda apps: True)
    finish = writer_under_way(last_years_group)
    assert count_settled_years() == [Y]
    finish()
    assert shown(boss) == (1, 0)  # the mark written is missing: what the wait prevents


def test_a_writer_taking_the_tables_in_another_order_is_never_failed(last_years_group):
    """A staff edit writes a session, then its offering (the stored dates) while the job waits
    for writers: the job must not hold the offering's table meanwhile, or one of the two
    would be failed as a deadlock."""
    session = last_years_group.offering.sessions.get()
    wrote, go_on, failures = threading.Event(), threading.Event(), []

    def edit():
        try:
            with transaction.atomic():
                Session.objects.filter(pk=session.pk).update(ends_at=F("ends_at"))
                wrote.set()
                go_on.wait(timeout=30)
                Offering.objects.filter(pk=session.offering_id).update(title="Förra året!")
        except Exception as error:  # reported below
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=edit, name="staff-edit")
    thread.start()
    assert wrote.wait(timeout=30)
    threading.Timer(0.3, go_on.set).start()
    assert count_settled_years() == [Y]
    thread.join(timeout=30)
    assert failures == []
