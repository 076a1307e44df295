"""A program page's dates: the soonest groups in full, the rest page by page, and filters for
the day, the time of day and free seats once there is more than a page of them. Plain links and
a GET form, so a parent without JavaScript reaches every group."""

from datetime import date, datetime, timedelta
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from bookings.models import WaitlistPolicy
from programs.dates import PAGE_SIZE
from tests.factories import BookingFactory, OfferingFactory, ProgramPageFactory, SessionFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# (weekday, hour) of the groups, in turn: Monday morning, Wednesday afternoon, Thursday evening.
SLOTS = ((0, 9), (2, 13), (3, 18))


@pytest.fixture
def meetups(program_index):
    return ProgramPageFactory(parent=program_index, title="Öppna träffar")


def on_weekday(weekday: int, weeks_ahead: int) -> date:
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * (weeks_ahead + 1))


def group(program, *, weekday: int, hour: int, weeks_ahead: int, capacity: int = 5):
    day = on_weekday(weekday, weeks_ahead)
    starts = datetime(day.year, day.month, day.day, hour, 0, tzinfo=STOCKHOLM)
    offering = OfferingFactory(
        program=program,
        title=f"Träff {day:%Y-%m-%d} {hour:02d}:00",
        capacity=capacity,
        waitlist_policy=WaitlistPolicy.NONE,
    )
    SessionFactory(offering=offering, starts_at=starts, ends_at=starts + timedelta(hours=1))
    offering.refresh_from_db()  # its first session's time, stored when the session was saved
    return offering


def many_groups(program, count: int) -> list:
    """`count` groups in date order, the slots taking turns; every third group is full."""
    groups = []
    for number in range(count):
        weekday, hour = SLOTS[number % len(SLOTS)]
        offering = group(program, weekday=weekday, hour=hour, weeks_ahead=number // len(SLOTS))
        if number % 3 == 2:
            for _ in range(offering.capacity):
                BookingFactory(offering=offering)
        groups.append(offering)
    return sorted(groups, key=lambda offering: offering.first_session_at)


def open_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find(id="dates")


def titles(section) -> list[str]:
    return [title.get_text(strip=True) for title in section.select(".offering .card__title")]


def every_page(client, url) -> list[str]:
    """Follow the "Next page" links from `url`, as a parent would, collecting the groups."""
    seen, pages = [], 0
    while url:
        section = open_page(client, url)
        seen += titles(section)
        pages += 1
        following = section.select_one('.pagination a[rel="next"]')
        url = urljoin(url, following["href"]) if following else None
        assert pages <= 20
    return seen


def test_a_few_groups_are_shown_in_full_without_filters_or_pages(en_client, meetups):
    groups = many_groups(meetups, PAGE_SIZE)
    section = open_page(en_client, meetups.url)
    assert titles(section) == [offering.title for offering in groups]
    assert section.find("form") is None
    assert section.select_one(".pagination") is None


def test_many_groups_come_page_by_page_and_every_one_is_reached(en_client, meetups):
    groups = many_groups(meetups, 2 * PAGE_SIZE + 5)
    section = open_page(en_client, meetups.url)
    assert titles(section) == [offering.title for offering in groups[:PAGE_SIZE]]
    assert f"1–{PAGE_SIZE} of {len(groups)} groups" in section.get_text(" ", strip=True)
    following = section.select_one('.pagination a[rel="next"]')
    assert following["href"] == "?page=2#dates"

    assert every_page(en_client, meetups.url) == [offering.title for offering in groups]


def test_filters_narrow_the_groups_and_pages_keep_them(en_client, meetups):
    groups = many_groups(meetups, 3 * PAGE_SIZE + 6)
    section = open_page(en_client, meetups.url)
    form = section.find("form", method="get")
    assert {field["name"] for field in form.select("select, input")} >= {
        "day",
        "time",
        "free_seats",
    }
    assert form["action"].endswith("#dates")

    wednesdays = [o.title for o in groups if timezone.localtime(o.first_session_at).weekday() == 2]
    assert every_page(en_client, f"{meetups.url}?day=3") == wednesdays
    evenings = [o.title for o in groups if timezone.localtime(o.first_session_at).hour >= 17]
    assert every_page(en_client, f"{meetups.url}?time=evening") == evenings
    mornings = [o.title for o in groups if timezone.localtime(o.first_session_at).hour < 12]
    assert every_page(en_client, f"{meetups.url}?day=1&time=morning") == mornings


def test_a_parent_finds_every_group_with_a_free_seat(en_client, meetups):
    groups = many_groups(meetups, 2 * PAGE_SIZE + 4)
    bookable = [offering.title for offering in groups if not offering.bookings.exists()]
    assert len(bookable) > PAGE_SIZE
    assert every_page(en_client, f"{meetups.url}?free_seats=on") == bookable
    section = open_page(en_client, f"{meetups.url}?free_seats=on")
    assert section.find("input", attrs={"name": "free_seats"}).has_attr("checked")


def test_no_match_says_so_and_leads_back_to_every_group(en_client, meetups):
    many_groups(meetups, PAGE_SIZE + 1)
    section = open_page(en_client, f"{meetups.url}?day=7")
    assert "No group matches all your choices." in section.get_text(" ", strip=True)
    assert section.find("a", string="Show all groups")["href"].endswith("#dates")
    assert titles(section) == []


@pytest.mark.parametrize(
    "query", ["page=0", "page=999", "page=x", "day=9", "day=x", "time=noon", "free_seats=x"]
)
def test_odd_parameters_show_a_page_of_groups(en_client, meetups, query):
    many_groups(meetups, PAGE_SIZE + 2)
    section = open_page(en_client, f"{meetups.url}?{query}")
    assert titles(section)


def test_the_page_is_in_swedish_by_default(client, meetups):
    many_groups(meetups, PAGE_SIZE + 1)
    section = open_page(client, meetups.url)
    monday = section.find("select", attrs={"name": "day"}).find("option", value="1")
    assert monday.get_text(strip=True) == "måndag"
    assert "Nästa sida" in section.get_text(" ", strip=True)
