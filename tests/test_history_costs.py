"""Pages cost the same with years of history as without: the same queries before and after
finished groups, anonymized bookings, attendance marks and staff-log entries are added (what
takes time with a million bookings is measured by bench/pages.py; here, what must not grow)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.audit import log_staff_action
from bookings.models import Attendance, AttendanceMark
from bookings.organize.statistics import yearly_statistics
from tests.bookings.organize.conftest import make_course
from tests.conftest import read_in
from tests.factories import BookingFactory, ProgramPageFactory, StandardPageFactory, UserFactory
from tests.history import add_history
from tests.site.accounts.conftest import logged_in, make_parent


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def boss(db):
    return UserFactory(username="chef", is_superuser=True, is_staff=True)


@pytest.fixture
def pages(site_pages, make_offering, boss):
    """A program with a running course, a parent booked on it, and the URLs to count."""
    home, index = site_pages
    course = make_course(make_offering, households=4, waiting=1)
    program = course.program
    parent = make_parent("sara@example.org")
    BookingFactory(offering=course, user=parent, email=parent.email)
    standard = StandardPageFactory(parent=home, title="Om oss")
    public = Client()
    read_in(public, "en")
    return {
        "program": program,
        "public": public,
        "urls": {
            "standard": ("public", standard.url),
            "home": ("public", home.url),
            "index": ("public", index.url),
            "program": ("public", program.url),
            "offering": ("boss", reverse("organize:offering", args=[course.pk])),
            "attendance": ("boss", reverse("organize:attendance", args=[course.pk])),
            "statistics": ("boss", reverse("organize:statistics")),
            "mypages": ("parent", reverse("mypages:index")),
        },
        "boss": logged_in(boss),
        "parent": logged_in(parent),
    }


def costs(pages) -> dict[str, int]:
    return {name: queries(pages[who], url) for name, (who, url) in pages["urls"].items()}


def test_no_page_costs_more_queries_with_years_of_history(pages, boss):
    costs(pages)  # caches warm (site root paths, content types)
    before = costs(pages)
    for years_ago in (1, 2, 3):
        add_history(pages["program"], offerings=3, households=4, years_ago=years_ago, actor=boss)
        add_history(ProgramPageFactory(parent=pages["program"].get_parent()), years_ago=years_ago)
    assert costs(pages) == before


def test_a_years_statistics_cost_six_queries_however_many_years_there_are(pages, boss):
    with CaptureQueriesContext(connection) as few:
        yearly_statistics(user=boss, year=timezone.localdate().year)
    for years_ago in (1, 2, 3, 4):
        add_history(pages["program"], offerings=2, years_ago=years_ago)
    with CaptureQueriesContext(connection) as many:
        stats = yearly_statistics(user=boss, year=timezone.localdate().year - 2)
    assert len(few) == len(many) == 6
    assert stats.totals.offerings == 2
    assert stats.years[:5] == [timezone.localdate().year - n for n in range(5)]


def test_the_offering_pages_log_shows_its_own_entries_among_many(pages, boss):
    """The recent staff actions name the offering's own entries, and only those, once the log
    holds many about other bookings and sessions."""
    course = pages["program"].offerings.get(title="Torsdagar 18:00")
    booking = course.bookings.order_by("pk").first()
    session = course.sessions.order_by("starts_at").first()
    finished = add_history(pages["program"], offerings=3, households=4, actor=boss)
    Attendance.objects.create(booking=booking, session=session, mark=AttendanceMark.PRESENT)
    log_staff_action(
        instance=booking,
        action="bookings.attendance",
        user=boss,
        data={"session": session.pk, "mark": "present"},
    )
    log_staff_action(instance=session, action="bookings.session_moved", user=boss)

    page = pages["boss"].get(reverse("organize:offering", args=[course.pk])).content.decode()
    history = page.split('id="history-heading"')[1]
    assert history.count("<li>") == 2
    assert f"Booking {booking.pk} (confirmed)" in history
    assert str(session) in history
    for other in finished:
        for other_booking in other.bookings.all():
            assert f"Booking {other_booking.pk} " not in history
