"""The organizer's offering page and the offerings overview."""

from datetime import timedelta

from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import BookingStatus
from bookings.organize.labels import moment_label
from tests.bookings.organize.conftest import make_course
from tests.factories import OfferedBookingFactory, WaitlistedBookingFactory


def page(client, offering):
    response = client.get(reverse("organize:offering", args=[offering.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_organizer_sees_households_needs_waitlist_and_sessions(organizer_client, course):
    html = page(organizer_client, course)
    for number in range(6):
        assert f"Åsa Öberg {number:03d}" in html
        assert f"070-000 {number:04d}" in html
    assert "Interpreter: " in html or "Tolk: " in html
    assert "Väntande 0" in html and "Väntande 1" in html
    assert html.index("Väntande 0") < html.index("Väntande 1")  # in line order
    assert html.count("/attendance/") >= 11  # one check list link per session


def test_offered_seat_shows_its_deadline_before_the_waiting(organizer_client, course):
    offered = OfferedBookingFactory(offering=course, name="Erbjuden Familj")
    html = page(organizer_client, course)
    assert moment_label(offered.offer_expires_at) in html
    assert html.index("Erbjuden Familj") < html.index("Väntande 0")


def test_cancelled_bookings_are_not_listed(organizer_client, course):
    booking = course.bookings.get(name="Åsa Öberg 003")
    booking.status = BookingStatus.CANCELLED
    booking.save()
    assert "Åsa Öberg 003" not in page(organizer_client, course)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_offering_page_queries_do_not_grow_with_bookings(boss_client, make_offering):
    small = make_course(make_offering, households=6, waiting=2)
    large = make_course(make_offering, households=60, waiting=20, title="Stor")
    for offering in (small, large):
        OfferedBookingFactory(offering=offering)
    small_count = count_queries(boss_client, reverse("organize:offering", args=[small.pk]))
    large_count = count_queries(boss_client, reverse("organize:offering", args=[large.pk]))
    assert small_count == large_count


def test_overview_lists_dates_fill_waitlist_and_next_session(organizer_client, course):
    html = organizer_client.get(reverse("bookings_offerings:index")).content.decode()
    assert course.title in html
    assert "6 / 6" in html
    next_session = course.sessions.filter(ends_at__gte=timezone.now()).order_by("starts_at")[0]
    assert moment_label(next_session.starts_at) in html
    assert reverse("organize:offering", args=[course.pk]) in html


def test_overview_filters_upcoming_past_and_waitlist(boss_client, make_offering):
    running = make_course(make_offering, title="Grupp P", waiting=2)
    ended = make_course(make_offering, title="Grupp A", weeks_ago=20, waiting=0)
    quiet = make_course(make_offering, title="Grupp U", weeks_ago=0, waiting=0)
    index = reverse("bookings_offerings:index")

    def titles(query):
        html = boss_client.get(index + query).content.decode()
        return {o.title for o in (running, ended, quiet) if o.title in html}

    assert titles("") == {"Grupp P", "Grupp A", "Grupp U"}
    assert titles("?when=past") == {"Grupp A"}
    assert titles("?when=upcoming") == {"Grupp P", "Grupp U"}
    assert titles("?has_waitlist=yes") == {"Grupp P"}
    assert titles("?has_waitlist=no") == {"Grupp A", "Grupp U"}
    assert titles(f"?program={running.program_id}") == {"Grupp P"}


def test_dashboard_panel_shows_this_weeks_sessions_of_my_groups(
    organizer_client, course, other_course
):
    now = timezone.now()
    this_week = course.sessions.filter(starts_at__gte=now).order_by("starts_at")[0]
    this_week.starts_at = now  # always inside this week, whatever the weekday
    this_week.ends_at = now + timedelta(hours=2)
    this_week.save()
    other = other_course.sessions.filter(starts_at__gte=now).order_by("starts_at")[0]
    other.starts_at, other.ends_at = this_week.starts_at, this_week.ends_at
    other.save()
    WaitlistedBookingFactory(offering=course)

    html = organizer_client.get(reverse("wagtailadmin_home")).content.decode()
    assert course.title in html
    assert "6 / 6" in html
    assert other_course.title not in html  # another organizer's group
    assert "Åsa Öberg" not in html  # the panel shows counts, never names
    # On a phone each row is a block whose cells say what they are (as on the offering page).
    panel = BeautifulSoup(html, "html.parser").select_one("#this-weeks-sessions-section table")
    assert "organize-table" in panel["class"]
    for row in panel.select("tbody tr"):
        assert row.select_one('th[scope="row"]')
        labels = [cell.get("data-label") for cell in row.select("td:not(.organize-row-actions)")]
        assert labels == ["Grupp", "Lokal", "Bokat", "Väntelista"]
