"""Calendar feeds: a parent's private, renewable feed and a public feed per program, each group
under the same UID as its invites, and the feed's own identity stable between fetches."""

from django.urls import reverse
from icalendar import Calendar

from bookings.calendar import offering_uid
from bookings.models import BookingStatus, CalendarFeed
from tests.bookings.calendars import expanded, live_times, uids
from tests.factories import BookingFactory, UserFactory


def events_of(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_a_parents_feed_has_the_sessions_of_their_confirmed_bookings_only(client, make_offering):
    user = UserFactory()
    mine = make_offering(sessions=3)
    waiting = make_offering(sessions=2)
    others = make_offering(sessions=4)
    booking = BookingFactory(offering=mine, user=user, email=user.email)
    BookingFactory(
        offering=waiting,
        user=user,
        email=user.email,
        status=BookingStatus.WAITLISTED,
        waitlisted_at="2026-01-01T10:00Z",
    )
    BookingFactory(offering=others, name="Anna Andersson")
    client.force_login(user)
    page = client.get(reverse("mypages:index"), follow=True).content.decode()
    feed = CalendarFeed.objects.get(user=user)
    assert f"webcal://testserver/bokning/kalender/{feed.token}.ics" in page

    client.logout()  # calendar apps fetch the feed without a session
    response = client.get(reverse("parent_feed", args=[feed.token]))
    events = events_of(response)
    assert uids(response.content) == {offering_uid(mine)}
    assert expanded(response.content) == live_times(mine)
    assert reverse("bookings:manage", args=[booking.token]) in str(events[0]["DESCRIPTION"])
    assert b"Anna" not in response.content
    assert "private" in response["Cache-Control"]
    again = client.get(reverse("parent_feed", args=[feed.token]))
    assert Calendar.from_ical(again.content)["UID"] == Calendar.from_ical(response.content)["UID"]


def test_a_new_feed_address_revokes_the_old_one(client, db):
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("mypages:index"), follow=True)
    old = CalendarFeed.objects.get(user=user).token
    response = client.post(reverse("mypages:renew_feed"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=user).token
    assert new != old
    assert client.get(reverse("parent_feed", args=[old])).status_code == 404
    assert client.get(reverse("parent_feed", args=[new])).status_code == 200


def test_the_program_feed_lists_upcoming_dates_without_personal_data(client, make_offering):
    offering = make_offering(sessions=2)
    BookingFactory(offering=offering, name="Anna Andersson", email="anna@example.org")
    program = offering.program
    response = client.get(reverse("programs:program_feed", args=[program.pk]))
    events_of(response)
    assert uids(response.content) == {offering_uid(offering)}
    assert expanded(response.content) == live_times(offering)
    assert b"Anna" not in response.content and b"anna@" not in response.content
    page = client.get(program.url).content.decode()
    assert reverse("programs:program_feed", args=[program.pk]) in page


def test_unknown_feeds_are_404(client, db):
    assert client.get(reverse("parent_feed", args=["nope"])).status_code == 404
    assert client.get(reverse("programs:program_feed", args=[999])).status_code == 404
