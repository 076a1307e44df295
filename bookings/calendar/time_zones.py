"""A VTIMEZONE as Outlook, Google and Apple write one: a yearly rule for the start of summer
time and one for its end, read from the time-zone database.

Outlook keeps one rule per zone for a whole series ([MS-OXCICAL] 2.1.3.1.1.19): from a
VTIMEZONE without a summer-time part it makes a zone with no summer time, and it reads yearly
rules (`FREQ=YEARLY;BYMONTH=..;BYDAY=-1SU`), not a list of the year's transitions. So the file
states the zone's rules, whatever dates the file holds. Where the database shows no such
regular rule over the years around the file (a zone that changed its rules, or gave up summer
time), the file lists each change of offset in those years instead.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Onset:
    """One change of offset: when it happens in the local time before it, and the offsets."""

    local: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    summer: bool

    @property
    def rule(self) -> tuple:
        """What stays the same from year to year if the zone follows a yearly rule."""
        day = self.local.day
        last = day + 7 > month_calendar.monthrange(self.local.year, self.local.month)[1]
        position = -1 if last else (day - 1) // 7 + 1
        return (
            self.summer,
            self.local.month,
            f"{position}{WEEKDAYS[self.local.weekday()]}",
            self.local.time(),
            self.offset_from,
            self.offset_to,
            self.name,
        )


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    return moment.astimezone(zone).utcoffset()


@lru_cache(maxsize=64)
def _onsets(key: str, year: int) -> tuple[Onset, ...]:
    """The zone's changes of offset in a year: a day-by-day walk, then a search to the minute."""
    zone = ZoneInfo(key)
    onsets = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    offset_from = _offset(zone, day)
    while day.year == year:
        following = day + timedelta(days=1)
        offset_to = _offset(zone, following)
        if offset_from != offset_to:
            before, after = day, following
            while after - before > timedelta(minutes=1):
                middle = before + (after - before) / 2
                if _offset(zone, middle) == offset_from:
                    before = middle
                else:
                    after = middle
            moment = after.replace(second=0, microsecond=0)
            local = moment.astimezone(zone)
            onsets.append(
                Onset(
                    local=(moment + offset_from).replace(tzinfo=None),
                    offset_from=offset_from,
                    offset_to=offset_to,
                    name=local.tzname() or zone.key,
                    summer=bool(local.dst()),
                )
            )
        day, offset_from = following, offset_to
    return tuple(onsets)


def _observance(onset: Onset, *, yearly: bool):
    observance = TimezoneDaylight() if onset.summer else TimezoneStandard()
    observance.add("DTSTART", onset.local)
    observance.add("TZOFFSETFROM", onset.offset_from)
    observance.add("TZOFFSETTO", onset.offset_to)
    observance.add("TZNAME", onset.name)
    if yearly:
        _summer, month, weekday, *_rest = onset.rule
        observance.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": weekday})
    return observance


def _opening(zone: ZoneInfo, year: int) -> Onset:
    """The zone's offset as the year begins, as an onset that changes nothing."""
    moment = datetime(year, 1, 1, tzinfo=zone)
    return Onset(
        local=moment.replace(tzinfo=None),
        offset_from=moment.utcoffset(),
        offset_to=moment.utcoffset(),
        name=moment.tzname() or zone.key,
        summer=bool(moment.dst()),
    )


def vtimezone(key: str, first: date, last: date) -> Timezone:
    """The zone's VTIMEZONE for a file whose times lie between `first` and `last`: its yearly
    rules as they stand over those years (and the year before, so every time in the file
    follows an onset), or else each change of offset in those years."""
    years = range(first.year - 1, last.year + 1)
    by_year = [_onsets(key, year) for year in years]
    component = Timezone()
    component.add("TZID", key)
    rules = {tuple(onset.rule for onset in onsets) for onsets in by_year}
    one_start_and_one_end = sorted(onset.summer for onset in by_year[0]) == [False, True]
    if len(rules) == 1 and one_start_and_one_end:
        for onset in by_year[0]:
            component.add_component(_observance(onset, yearly=True))
        return component
    component.add_component(_observance(_opening(ZoneInfo(key), years[0]), yearly=False))
    for onsets in by_year:
        for onset in onsets:
            component.add_component(_observance(onset, yearly=False))
    return component
