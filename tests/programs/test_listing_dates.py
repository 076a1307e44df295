"""A program card's date belongs to the group its booking state is about: the group a parent
can book (or wait for), never a running group whose booking has closed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from bookings.models import WaitlistPolicy
from programs.selectors import ListingState, filter_programs
from tests.factories import BookingFactory, OfferingFactory, ProgramPageFactory, SessionFactory


@pytest.fixture
def komet(program_index):
    return ProgramPageFactory(parent=program_index, title="KOMET 3–11")


def weekly_group(program, *, first_in_days: float, weeks: int = 11, **fields):
    """A weekly course whose first session is `first_in_days` from now (negative: started)."""
    offering = OfferingFactory(program=program, **fields)
    first = timezone.now().replace(microsecond=0) + timedelta(days=first_in_days)
    for week in range(weeks):
        starts = first + timedelta(weeks=week)
        SessionFactory(offering=offering, starts_at=starts, ends_at=starts + timedelta(hours=2))
    return offering


def card_of(program_index, title):
    return {p.title: p for p in filter_programs(index_page=program_index)}[title]


def test_running_group_with_a_session_tomorrow_is_not_the_cards_date(program_index, komet):
    """The half-way Wednesday group meets tomorrow, but its booking closed at its start; the
    Thursday group that can be booked starts the day after."""
    weekly_group(komet, first_in_days=1 - 4 * 7)
    bookable = weekly_group(komet, first_in_days=2)
    card = card_of(program_index, "KOMET 3–11")
    assert card.listing_status.state == ListingState.FREE_SEATS
    assert card.listing_status.offering_id == bookable.pk
    assert card.next_session_at == bookable.sessions.order_by("starts_at").first().starts_at


def test_a_full_group_with_a_waitlist_is_shown_after_any_group_with_seats(program_index, komet):
    full = weekly_group(komet, first_in_days=3, capacity=1)
    BookingFactory(offering=full)
    later = weekly_group(komet, first_in_days=40)
    card = card_of(program_index, "KOMET 3–11")
    assert card.listing_status.state == ListingState.FREE_SEATS
    assert card.listing_status.offering_id == later.pk


def test_the_waitlisted_group_when_no_group_has_seats(program_index, komet):
    weekly_group(komet, first_in_days=-14)
    full = weekly_group(komet, first_in_days=3, capacity=1)
    BookingFactory(offering=full)
    card = card_of(program_index, "KOMET 3–11")
    assert card.listing_status.state == ListingState.WAITLIST
    assert card.listing_status.offering_id == full.pk


def test_the_group_that_opens_first_when_none_is_open(program_index, komet):
    weekly_group(komet, first_in_days=-14)
    opens = timezone.now() + timedelta(days=5)
    soon = weekly_group(komet, first_in_days=20, booking_opens_at=opens)
    weekly_group(komet, first_in_days=10, booking_opens_at=opens + timedelta(days=1))
    card = card_of(program_index, "KOMET 3–11")
    assert card.listing_status.state == ListingState.NOT_YET_OPEN
    assert card.listing_status.opens_at == opens
    assert card.next_session_at == soon.sessions.order_by("starts_at").first().starts_at


@pytest.mark.parametrize("state", [ListingState.CLOSED, ListingState.FULL])
def test_no_date_when_no_group_can_be_booked(en_client, program_index, komet, state):
    if state == ListingState.CLOSED:
        weekly_group(komet, first_in_days=-14)
    else:
        full = weekly_group(komet, first_in_days=3, capacity=1, waitlist_policy=WaitlistPolicy.NONE)
        BookingFactory(offering=full)
    card = card_of(program_index, "KOMET 3–11")
    assert card.listing_status.state == state
    assert card.next_session_at is None
    html = en_client.get(program_index.url).content.decode()
    assert "No group to book right now" in html
    assert "<time" not in html.split("KOMET 3–11", 1)[1].split("</article>")[0]


def test_home_and_index_cards_show_the_bookable_groups_date(client, site_pages, komet):
    home, index = site_pages
    running = weekly_group(komet, first_in_days=1 - 4 * 7)
    bookable = weekly_group(komet, first_in_days=2)
    shown = timezone.localtime(bookable.sessions.order_by("starts_at").first().starts_at)
    hidden = timezone.localtime(
        running.sessions.filter(starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
        .starts_at
    )
    for url in (home.url, index.url):
        html = client.get(url).content.decode()
        assert "Lediga platser" in html
        assert date_format(shown, "j F Y") in html
        assert date_format(hidden, "j F Y") not in html
