"""The admin's "Bookings" list: each waitlisted row's place in line, in a constant number of
queries however long the waitlist."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import BookingStatus
from bookings.selectors import waitlist_position
from tests.bookings.organize.conftest import make_course, make_organizer
from tests.factories import BookingFactory, OfferedBookingFactory, WaitlistedBookingFactory

PLACE_COLUMN = 2  # offering, status, place in line, persons, e-mail, booked


def listed(client, query: str = "") -> tuple[list, list[str], int]:
    """(the bookings on the page, their "Place in line" cells, the number of queries)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("bookings_bookings:index") + query)
    assert response.status_code == 200
    table = re.search(r'<table class="listing">.*?</table>', response.content.decode(), re.S)
    body = re.search(r"<tbody>(.*?)</tbody>", table.group(0), re.S).group(1)
    cells = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td.*?</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
    return list(response.context["object_list"]), [row[PLACE_COLUMN] for row in cells], len(queries)


def expected_places(bookings) -> list[str]:
    places = [waitlist_position(booking) for booking in bookings]
    return ["" if place is None else str(place) for place in places]


def add_waiting(offering, count: int) -> None:
    """Waitlisted households whose line order is not their creation order: every third one has
    priority, and pairs joined at the same moment (the primary key decides)."""
    for n in range(count):
        booking = WaitlistedBookingFactory(offering=offering, waitlist_priority=int(n % 3 == 2))
        if n % 2:
            previous = offering.bookings.filter(status=BookingStatus.WAITLISTED, pk__lt=booking.pk)
            booking.waitlisted_at = previous.latest("pk").waitlisted_at
            booking.save(update_fields=["waitlisted_at"])


def test_places_in_line_cost_no_query_per_waitlisted_row(
    boss_client, make_offering, django_assert_num_queries
):
    course = make_course(make_offering, households=2, waiting=0)
    other = make_course(make_offering, households=1, waiting=0, title="Måndagar 17:30")
    OfferedBookingFactory(offering=course)
    BookingFactory(offering=course, status=BookingStatus.CANCELLED)
    add_waiting(course, 2)
    add_waiting(other, 1)
    bookings, places, few = listed(boss_client)
    assert places == expected_places(bookings)
    assert places.count("") == 5 and sorted(p for p in places if p) == ["1", "1", "2"]

    add_waiting(course, 18)
    add_waiting(other, 4)
    with django_assert_num_queries(few):
        bookings, places, _queries = listed(boss_client)
    assert len(bookings) == 2 + 1 + 1 + 1 + 20 + 5
    assert places == expected_places(bookings)
    assert sorted(int(p) for p in places if p) == sorted([*range(1, 21), *range(1, 6)])


def test_places_in_line_hold_for_each_filter_and_for_an_organizer(
    client, boss_client, make_offering
):
    course = make_course(make_offering, households=2, waiting=0)
    other = make_course(make_offering, households=1, waiting=0, title="Måndagar 17:30")
    add_waiting(course, 7)
    add_waiting(other, 3)
    for query in (
        f"?offering={course.pk}",
        "?status=waitlisted",
        f"?offering={other.pk}&status=waitlisted",
        "?ordering=-created_at",
        "?ordering=status",
    ):
        bookings, places, _queries = listed(boss_client, query)
        assert places == expected_places(bookings), query
        assert any(places), query

    client.force_login(make_organizer(other, username="ledare"))
    bookings, places, _queries = listed(client)
    assert {booking.offering_id for booking in bookings} == {other.pk}
    assert places == expected_places(bookings) and sorted(filter(None, places)) == ["1", "2", "3"]
