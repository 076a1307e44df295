"""Template helpers: the course schedule summary and phone links."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import translation

from bookings.selectors import upcoming_offerings_for_program
from parentsite.templatetags.site_tags import offering_schedule, tel_href
from tests.factories import ProgramPageFactory, SessionFactory, VenueFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def thursday_evenings(count, start=datetime(2031, 1, 16, 18, 0, tzinfo=STOCKHOLM)):
    return [
        (start + timedelta(weeks=n), start + timedelta(weeks=n, hours=2, minutes=30))
        for n in range(count)
    ]


def build(program_index, make_offering_with, times, **kw):
    program = ProgramPageFactory(parent=program_index)
    offering = make_offering_with(program, sessions=0, **kw)
    for starts, ends in times:
        SessionFactory(offering=offering, starts_at=starts, ends_at=ends)
    [loaded] = upcoming_offerings_for_program(program=program)
    return loaded


def test_weekly_course_summary(program_index, make_offering_with):
    offering = build(program_index, make_offering_with, thursday_evenings(11))
    schedule = offering_schedule(offering)
    with translation.override("en"):
        assert str(schedule.weekday) == "Thursdays"
    assert schedule.count == 11
    assert (schedule.starts.strftime("%H:%M"), schedule.ends.strftime("%H:%M")) == (
        "18:00",
        "20:30",
    )
    assert schedule.first.astimezone(STOCKHOLM).date().isoformat() == "2031-01-16"
    assert schedule.last.astimezone(STOCKHOLM).date().isoformat() == "2031-03-27"
    assert schedule.venue == offering.venue and not schedule.several_venues


def test_times_are_local_across_daylight_saving(program_index, make_offering_with):
    """18:00 stays 18:00 in Stockholm when the clocks change (UTC offset moves)."""
    start = datetime(2031, 3, 13, 18, 0, tzinfo=STOCKHOLM)
    offering = build(program_index, make_offering_with, thursday_evenings(4, start))
    schedule = offering_schedule(offering)
    assert schedule.starts.strftime("%H:%M") == "18:00"


def test_cancelled_sessions_are_listed_but_not_counted(program_index, make_offering_with):
    offering = build(program_index, make_offering_with, thursday_evenings(3))
    first = offering.sessions.all()[0]
    first.is_cancelled = True
    first.save()
    [offering] = upcoming_offerings_for_program(program=offering.program)
    schedule = offering_schedule(offering)
    assert (schedule.count, len(schedule.sessions), schedule.has_cancelled) == (2, 3, True)


def test_mixed_days_times_and_places(program_index, make_offering_with):
    times = thursday_evenings(2)
    times.append((times[-1][0] + timedelta(days=2), times[-1][1] + timedelta(days=2, hours=1)))
    offering = build(program_index, make_offering_with, times)
    last = offering.sessions.all()[2]
    last.venue = VenueFactory(name="Biblioteket")
    last.save()
    [offering] = upcoming_offerings_for_program(program=offering.program)
    schedule = offering_schedule(offering)
    assert schedule.weekday == ""
    assert schedule.starts is None
    assert schedule.several_venues and schedule.venue is None


def test_single_session_has_no_weekday_plural(program_index, make_offering_with):
    offering = build(program_index, make_offering_with, thursday_evenings(1))
    schedule = offering_schedule(offering)
    assert schedule.count == 1 and schedule.weekday == ""


def test_tel_href():
    assert tel_href("0158-27 50 00") == "tel:0158275000"
    assert tel_href("+46 158 27 50 00") == "tel:+46158275000"
    assert tel_href("") == "tel:"
