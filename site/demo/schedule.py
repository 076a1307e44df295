"""Dates for the demo, relative to today and in Stockholm wall-clock time."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONDAY, TUESDAY, WEDNESDAY, THURSDAY = 0, 1, 2, 3
MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """An aware datetime for a Stockholm wall-clock time (DST handled by zoneinfo)."""
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


def next_weekday(today: date, weekday: int, *, weeks_later: int = 0) -> date:
    """The first `weekday` after today (never today itself), plus some weeks."""
    days = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=days, weeks=weeks_later)


def is_break(day: date) -> bool:
    """Groups take a break over Christmas and New Year and in July."""
    christmas = (day.month == 12 and day.day >= 21) or (day.month == 1 and day.day <= 6)
    return christmas or day.month == 7


def not_on_break(day: date) -> date:
    """The day itself, or the same weekday in the first week after a break."""
    while is_break(day):
        day += timedelta(weeks=1)
    return day


def weekly(first: date, count: int) -> list[date]:
    """`count` dates a week apart from `first`, skipping the weeks of a break."""
    dates: list[date] = []
    day = first
    while len(dates) < count:
        day = not_on_break(day)
        dates.append(day)
        day += timedelta(weeks=1)
    return dates


def second_weekday_of_month(year: int, month: int, weekday: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7)


def monthly_after(today: date, weekday: int, count: int) -> list[date]:
    """The next `count` "second <weekday> of the month" dates after today."""
    dates: list[date] = []
    year, month = today.year, today.month
    while len(dates) < count:
        day = second_weekday_of_month(year, month, weekday)
        if day > today and not is_break(day):
            dates.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def short_date(day: date) -> str:
    """e.g. "11 mars"."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def day_name(day: date) -> str:
    """e.g. "onsdag 11 mars"."""
    return f"{WEEKDAYS[day.weekday()]} {short_date(day)}"


def weekday_plural(day: date) -> str:
    """e.g. "onsdagar", as in "onsdagar 18:00" (every Swedish weekday takes -ar)."""
    return f"{WEEKDAYS[day.weekday()]}ar"
