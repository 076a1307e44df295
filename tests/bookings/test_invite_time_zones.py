"""Invites across a daylight-saving change: 18:00 in Stockholm stays 18:00, read by three
independent parsers (icalendar with recurring-ical-events' expansion, and vobject)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import vobject
from icalendar import Calendar

from bookings.services import book_offering
from tests.bookings.calendars import expanded
from tests.bookings.sending import send_waiting
from tests.factories import SessionFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Summer time starts on Sunday 28 March 2027: one Thursday before, one after.
BEFORE = datetime(2027, 3, 25, 18, 0, tzinfo=STOCKHOLM)
AFTER = datetime(2027, 4, 1, 18, 0, tzinfo=STOCKHOLM)


def invite_for_a_course_across_the_change(make_offering) -> str:
    offering = make_offering(sessions=0)
    for start in (BEFORE, AFTER):
        SessionFactory(offering=offering, starts_at=start, ends_at=start + timedelta(hours=2))
    book_offering(
        offering_id=offering.pk,
        email="sara@example.org",
        name="Sara",
        now=datetime(2027, 3, 1, 12, 0, tzinfo=STOCKHOLM),
    )
    (message,) = send_waiting()
    (attachment,) = message.attachments
    return attachment["content"]


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
