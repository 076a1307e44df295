"""Invites across a daylight-saving change: 18:00 in Stockholm stays 18:00, read by three
independent parsers (icalendar with recurring-ical-events' expansion, and vobject)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from bookings.calendar.time_zones import vtimezone
from bookings.services import book_offering
from tests.bookings.calendars import expanded
from tests.bookings.sending import send_waiting
from tests.factories import SessionFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Summer time starts on Sunday 28 March 2027: one Thursday before, one after.
BEFORE = datetime(2027, 3, 25, 18, 0, tzinfo=STOCKHOLM)
AFTER = datetime(2027, 4, 1, 18, 0, tzinfo=STOCKHOLM)


def invite_for(make_offering, starts: list[datetime], *, booked_at: datetime) -> str:
    """The calendar file of a booking of a course whose two-hour sessions start at `starts`."""
    offering = make_offering(sessions=0)
    for start in starts:
        SessionFactory(offering=offering, starts_at=start, ends_at=start + timedelta(hours=2))
    book_offering(offering_id=offering.pk, email="sara@example.org", name="Sara", now=booked_at)
    (message,) = send_waiting()
    (attachment,) = message.attachments
    return attachment["content"]


def invite_for_a_course_across_the_change(make_offering) -> str:
    return invite_for(
        make_offering, [BEFORE, AFTER], booked_at=datetime(2027, 3, 1, 12, 0, tzinfo=STOCKHOLM)
    )


def test_icalendar_reads_18_00_local_on_both_sides_of_the_change(make_offering):
    content = invite_for_a_course_across_the_change(make_offering)
    calendar = Calendar.from_ical(content)
    starts = [start for start, _end in expanded(content)]
    assert [start.astimezone(STOCKHOLM).hour for start in starts] == [18, 18]
    assert [start.utcoffset() for start in starts] == [timedelta(hours=1), timedelta(hours=2)]
    assert {str(event["DTSTART"].params["TZID"]) for event in calendar.walk("VEVENT")} == {
        "Europe/Stockholm"
    }
    (timezone,) = calendar.walk("VTIMEZONE")
    assert {component.name for component in timezone.subcomponents} >= {"STANDARD", "DAYLIGHT"}


def test_vobject_reads_the_same_instants_from_the_files_own_vtimezone(make_offering):
    parsed = vobject.readOne(invite_for_a_course_across_the_change(make_offering))
    (master,) = [event for event in parsed.vevent_list if not hasattr(event, "recurrence_id")]
    assert list(master.getrruleset()) == [BEFORE, AFTER]
    overrides = sorted(
        event.dtstart.value for event in parsed.vevent_list if hasattr(event, "recurrence_id")
    )
    assert overrides == [BEFORE, AFTER]
    assert [start.utcoffset() for start in overrides] == [timedelta(hours=1), timedelta(hours=2)]


def zone_rules_of(component) -> dict[str, dict]:
    """Each observance of a VTIMEZONE (STANDARD, DAYLIGHT) with its yearly rule."""
    return {
        observance.name: dict(observance["RRULE"])
        for observance in component.subcomponents
        if "RRULE" in observance
    }


def offsets_differ(vtimezone_text: str, key: str, first: datetime, last: datetime) -> list:
    """The moments, every hour from `first` to `last`, at which a client that builds the zone
    from the file alone (vobject) gets another offset than the time-zone database."""
    file = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{vtimezone_text}END:VCALENDAR\r\n"
    zone = vobject.readOne(file).vtimezone.gettzinfo()
    database = ZoneInfo(key)
    moment, differing = first, []
    while moment < last:
        if moment.astimezone(zone).utcoffset() != moment.astimezone(database).utcoffset():
            differing.append(moment)
        moment += timedelta(hours=1)
    return differing


def test_an_all_winter_course_still_states_summer_time_as_yearly_rules(make_offering):
    """Outlook keeps one zone per series and makes one without summer time from a VTIMEZONE
    that has no DAYLIGHT part; it reads yearly rules with one weekday each ([MS-OXCICAL])."""
    first = datetime(2027, 1, 7, 18, 0, tzinfo=STOCKHOLM)
    thursdays = [first + timedelta(weeks=week) for week in range(3)]
    content = invite_for(
        make_offering, thursdays, booked_at=datetime(2026, 12, 1, 12, 0, tzinfo=STOCKHOLM)
    )
    calendar = Calendar.from_ical(content)

    (zone,) = calendar.walk("VTIMEZONE")
    assert calendar.subcomponents[0] is zone  # before the events that name it
    assert zone_rules_of(zone) == {
        "DAYLIGHT": {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]},
        "STANDARD": {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]},
    }
    assert offsets_differ(
        zone.to_ical().decode(),
        "Europe/Stockholm",
        datetime(2026, 1, 1, tzinfo=UTC),
        datetime(2030, 1, 1, tzinfo=UTC),
    ) == []


@pytest.mark.parametrize(
    "key",
    [
        "Europe/Stockholm",
        "Australia/Sydney",  # summer at the turn of the year
        "America/Sao_Paulo",  # gave up summer time in 2019: no yearly rule holds
        "Asia/Tehran",  # gave it up in 2022
        "Africa/Nairobi",  # never had it in these years
    ],
)
def test_a_vtimezone_gives_the_time_zone_databases_offsets(key):
    first, last = date(2018, 11, 1), date(2023, 2, 1)
    component = vtimezone(key, first=first, last=last)
    assert str(component["TZID"]) == key
    assert offsets_differ(
        component.to_ical().decode(),
        key,
        datetime(first.year, first.month, first.day, tzinfo=UTC),
        datetime(last.year, last.month, last.day, tzinfo=UTC),
    ) == []
