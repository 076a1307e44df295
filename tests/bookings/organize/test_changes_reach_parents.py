"""Staff changes reach the parents they affect: a cancelled group, an added session and a new
venue each tell the right households, with the right calendar method."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from bookings.calendar import offering_uid
from bookings.models import BookingStatus, OutboxMessage, UndeliverableAddress
from tests.bookings.calendars import calendar_of, expanded, live_times, uids
from tests.bookings.organize.test_admin_edits_through_services import log_of
from tests.bookings.sending import send_waiting
from tests.bookings.test_admin import OFFERINGS, SESSIONS, local, offering_form
from tests.factories import (
    BookingFactory,
    OfferedBookingFactory,
    VenueFactory,
    WaitlistedBookingFactory,
)


@pytest.fixture
def group(make_offering):
    """A group of two sessions: a seat in English, an offer, a waitlist entry, a household
    without an e-mail address and one whose address bounced; one cancelled earlier."""
    offering = make_offering(sessions=2, capacity=4)
    households = {
        "seated": BookingFactory(offering=offering, email="sara@example.org", language="en"),
        "offered": OfferedBookingFactory(offering=offering, email="omar@example.org"),
        "waiting": WaitlistedBookingFactory(offering=offering, email="lina@example.org"),
        "phone": BookingFactory(offering=offering, email="", name="Per Telefon"),
        "bounced": BookingFactory(offering=offering, email="gone@example.org"),
        "left": BookingFactory(
            offering=offering, email="left@example.org", status=BookingStatus.CANCELLED
        ),
    }
    UndeliverableAddress.objects.create(email="gone@example.org", reason="bounced")
    return offering, households


def test_cancelling_a_group_cancels_every_booking_and_tells_every_household(
    admin_client, group
):
    offering, households = group

    response = admin_client.post(
        reverse("organize:cancel_offering", args=[offering.pk]),
        {"reason": "Ledaren är sjuk"},
        follow=True,
    )

    offering.refresh_from_db()
    assert offering.status == "cancelled"
    for name, booking in households.items():
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED, name
    send_waiting()
    messages = {m.booking_id: m for m in OutboxMessage.objects.filter(kind="offering_cancelled")}
    told = {pk for pk in messages}
    assert told == {households[name].pk for name in ("seated", "offered", "waiting", "bounced")}
    seated = messages[households["seated"].pk]
    assert "has been cancelled" in seated.body_text and "Ledaren är sjuk" in seated.body_text
    calendar = calendar_of(seated)
    assert calendar["METHOD"] == "CANCEL"
    assert uids(calendar) == {offering_uid(offering)}
    assert {event["STATUS"] for event in calendar.walk("VEVENT")} == {"CANCELLED"}
    assert calendar_of(messages[households["offered"].pk]) is None
    assert calendar_of(messages[households["waiting"].pk]) is None
    assert not OutboxMessage.objects.exclude(kind="offering_cancelled").exists()  # no promotion
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("3 hushåll får ett mejl" in text for text in shown), shown
    assert any("2 hushåll har ingen e-postadress" in text for text in shown), shown
    assert log_of(offering)[-1] == (
        "bookings.offering_cancelled",
        {"emailed": 3, "unreachable": 2},
    )


def test_a_reason_is_required_and_a_cancelled_group_is_not_cancelled_twice(admin_client, group):
    offering, households = group
    url = reverse("organize:cancel_offering", args=[offering.pk])

    assert admin_client.post(url, {"reason": " "}).status_code == 400
    households["seated"].refresh_from_db()
    assert households["seated"].status == BookingStatus.CONFIRMED

    admin_client.post(url, {"reason": "Ledaren är sjuk"})
    count = OutboxMessage.objects.count()
    assert admin_client.post(url, {"reason": "Igen"}).status_code == 400
    assert OutboxMessage.objects.count() == count

    page = admin_client.get(reverse("organize:offering", args=[offering.pk])).content.decode()
    assert "Gruppen är inställd" in page
    for gone in ("add_booking", "message", "cancel_offering"):
        assert reverse(f"organize:{gone}", args=[offering.pk]) not in page


def test_setting_the_status_to_cancelled_in_the_admin_cancels_the_group_too(admin_client, group):
    offering, households = group

    admin_client.post(
        reverse(f"{OFFERINGS}:edit", args=[offering.pk]),
        offering_form(offering, status="cancelled"),
    )

    households["seated"].refresh_from_db()
    assert households["seated"].status == BookingStatus.CANCELLED
    assert OutboxMessage.objects.filter(kind="offering_cancelled").count() == 4


def test_an_added_session_is_sent_to_households_with_a_seat_as_a_new_invite(admin_client, group):
    offering, households = group
    starts = timezone.now() + timedelta(days=60)

    admin_client.post(
        reverse(f"{SESSIONS}:add"),
        {
            "offering": offering.pk,
            "starts_at": local(starts),
            "ends_at": local(starts + timedelta(hours=2)),
            "venue": "",
        },
    )

    added = offering.sessions.order_by("-pk").first()
    send_waiting()
    messages = list(OutboxMessage.objects.filter(kind="session_added"))
    assert {m.booking_id for m in messages} == {
        households["seated"].pk,
        households["bounced"].pk,
    }
    calendar = calendar_of(messages[0])
    assert calendar["METHOD"] == "REQUEST"
    assert uids(calendar) == {offering_uid(offering)}
    assert expanded(calendar) == live_times(offering)
    assert (added.starts_at.replace(microsecond=0), added.ends_at.replace(microsecond=0)) in (
        expanded(calendar)
    )


def test_a_new_venue_moves_coming_sessions_without_their_own_and_tells_the_seated(
    admin_client, make_offering
):
    offering = make_offering(sessions=2)
    own_place, follows, *_ = offering.sessions.order_by("starts_at")
    own_place.venue = VenueFactory(name="Biblioteket")
    own_place.save()
    seated = BookingFactory(offering=offering, email="sara@example.org", language="en")
    WaitlistedBookingFactory(offering=offering, email="lina@example.org")
    new_venue = VenueFactory(name="Familjecentralen", street_address="Tallvägen 7")

    admin_client.post(
        reverse(f"{OFFERINGS}:edit", args=[offering.pk]),
        offering_form(offering, venue=new_venue.pk),
    )

    (message,) = send_waiting()
    assert (message.kind, message.booking_id) == ("venue_changed", seated.pk)
    assert "Tallvägen 7" in message.body_text
    calendar = calendar_of(message)
    assert calendar["METHOD"] == "REQUEST"
    assert uids(calendar) == {offering_uid(offering)}
    locations = {
        event.decoded("RECURRENCE-ID"): str(event["LOCATION"])
        for event in calendar.walk("VEVENT")
        if "RECURRENCE-ID" in event
    }
    assert sorted(locations.values()) == sorted(
        [own_place.effective_venue.address, new_venue.address]
    )
