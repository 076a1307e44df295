"""Each change to a booking puts the right message in the outbox, for the right parent, in
their language, with a calendar invite when they have a seat."""

from datetime import timedelta

import pytest
import vobject
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from bookings.calendar import offering_uid
from bookings.models import BookingStatus, OutboxMessage
from bookings.services import (
    accept_offer,
    book_offering,
    cancel_booking,
    decline_offer,
    expire_offers,
)
from tests.bookings.calendars import expanded, live_times
from tests.bookings.sending import send_waiting
from tests.factories import BookingFactory, OfferedBookingFactory, WaitlistedBookingFactory


def kinds_for(email: str) -> list[str]:
    return list(
        OutboxMessage.objects.filter(recipient=email).order_by("pk").values_list("kind", flat=True)
    )


def invite_of(message: OutboxMessage) -> dict:
    (attachment,) = message.attachments
    return attachment


def test_a_booking_confirmation_carries_an_invite_for_every_session(make_offering):
    offering = make_offering(sessions=3)
    booking = book_offering(offering_id=offering.pk, email="sara@example.org", name="Sara")
    (message,) = send_waiting()
    assert (message.kind, message.recipient, message.booking_id) == (
        "booking_confirmed",
        "sara@example.org",
        booking.pk,
    )
    assert reverse("bookings:manage", args=[booking.token]) in message.body_text
    invite = invite_of(message)
    assert (invite["mimetype"], invite["params"]) == ("text/calendar", {"method": "REQUEST"})
    calendar = Calendar.from_ical(invite["content"])
    assert calendar["METHOD"] == "REQUEST"
    events = calendar.walk("VEVENT")
    assert {str(event["UID"]) for event in events} == {offering_uid(offering)}  # one series
    assert all(str(event["ATTENDEE"]) == "mailto:sara@example.org" for event in events)
    assert expanded(invite["content"]) == live_times(offering)
    # A second, independent parser reads the same instants from the file's VTIMEZONE.
    parsed = vobject.readOne(invite["content"])
    starts = sorted(
        event.dtstart.value for event in parsed.vevent_list if hasattr(event, "recurrence_id")
    )
    expected = [session.starts_at for session in offering.sessions.order_by("starts_at")]
    assert starts == [start.replace(microsecond=0) for start in expected]


def test_waitlisted_parent_is_told_the_place_in_line_without_an_invite(make_offering):
    offering = make_offering(capacity=1)
    BookingFactory(offering=offering)
    WaitlistedBookingFactory(offering=offering)
    book_offering(offering_id=offering.pk, email="sara@example.org", name="Sara", language="en")
    send_waiting()
    message = OutboxMessage.objects.get(recipient="sara@example.org")
    assert message.kind == "booking_waitlisted"
    assert message.attachments == []
    assert "2" in message.body_text


def test_cancelling_tells_the_parent_and_the_promoted_household(make_offering):
    offering = make_offering(capacity=1)
    seat = BookingFactory(offering=offering, email="anna@example.org")
    waiting = WaitlistedBookingFactory(offering=offering, email="omar@example.org")
    cancel_booking(booking_id=seat.pk)
    send_waiting()
    assert kinds_for("anna@example.org") == ["booking_cancelled"]
    assert kinds_for("omar@example.org") == ["seat_promoted"]
    promoted = OutboxMessage.objects.get(recipient="omar@example.org")
    assert promoted.booking_id == waiting.pk
    assert invite_of(promoted)["params"] == {"method": "REQUEST"}


def test_offer_policy_sends_an_offer_with_the_deadline(make_offering):
    offering = make_offering(capacity=1, waitlist_policy="offer", offer_hours=48)
    seat = BookingFactory(offering=offering)
    WaitlistedBookingFactory(offering=offering, email="omar@example.org", language="en")
    cancel_booking(booking_id=seat.pk)
    (message,) = OutboxMessage.objects.filter(recipient="omar@example.org")
    assert message.kind == "seat_offered"
    assert message.attachments == []


def test_accepting_declining_and_expiring_offers_are_each_told(make_offering):
    offering = make_offering(capacity=3, waitlist_policy="offer")
    accepted = OfferedBookingFactory(offering=offering, email="a@example.org")
    declined = OfferedBookingFactory(offering=offering, email="d@example.org")
    OfferedBookingFactory(offering=offering, email="e@example.org")
    accept_offer(booking_id=accepted.pk)
    decline_offer(booking_id=declined.pk)
    expire_offers(now=timezone.now() + timedelta(days=3))
    assert kinds_for("a@example.org") == ["booking_confirmed"]
    assert kinds_for("d@example.org") == ["booking_cancelled"]
    assert kinds_for("e@example.org") == ["offer_expired"]


def test_messages_are_written_in_the_parents_language(make_offering):
    offering = make_offering()
    book_offering(offering_id=offering.pk, email="en@example.org", name="E", language="en")
    book_offering(offering_id=offering.pk, email="sv@example.org", name="S", language="sv")
    send_waiting()
    english = OutboxMessage.objects.get(recipient="en@example.org")
    swedish = OutboxMessage.objects.get(recipient="sv@example.org")
    assert english.subject != swedish.subject
    assert 'lang="en"' in english.body_html
    assert 'lang="sv"' in swedish.body_html


def test_a_booking_that_rolls_back_sends_nothing(make_offering, django_capture_on_commit_callbacks):
    offering = make_offering()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        book_offering(offering_id=offering.pk, email="sara@example.org", name="Sara")
        raise RuntimeError("something after the booking failed")
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_no_other_household_appears_in_a_message(make_offering):
    offering = make_offering(capacity=2)
    BookingFactory(offering=offering, name="Anna Andersson", email="anna@example.org")
    book_offering(offering_id=offering.pk, email="sara@example.org", name="Sara")
    send_waiting()
    message = OutboxMessage.objects.get(recipient="sara@example.org")
    everything = message.subject + message.body_text + message.body_html
    everything += "".join(attachment["content"] for attachment in message.attachments)
    assert "anna" not in everything.lower()


def test_a_failing_provider_does_not_break_a_booking(
    client, make_offering, settings, django_capture_on_commit_callbacks
):
    """The provider is down. The booking request succeeds without calling it; once the
    booking has committed the worker does, fails, and leaves the message for a retry."""
    from tests.bookings.email_backends import RecordingDownBackend
    from tests.factories import UserFactory

    settings.EMAIL_BACKEND = "tests.bookings.email_backends.RecordingDownBackend"
    RecordingDownBackend.calls.clear()
    user = UserFactory(email="sara@example.org")
    client.force_login(user)
    offering = make_offering()
    with django_capture_on_commit_callbacks(execute=True) as after_commit:
        response = client.post(
            reverse("bookings:book", args=[offering.pk]), {"persons": "1", "name": "Sara"}
        )
        assert RecordingDownBackend.calls == []  # nothing sent inside the request
        assert response.status_code == 302
    assert len(after_commit) >= 1  # the hand-over to the worker waited for the commit
    assert RecordingDownBackend.calls == [["sara@example.org"]]  # then the worker tried
    booking = offering.bookings.get()
    assert booking.status == BookingStatus.CONFIRMED
    message = OutboxMessage.objects.get(booking=booking)
    assert message.kind == "booking_confirmed"
    assert (message.status, message.attempts, message.last_error) == (
        "pending",
        1,
        "SMTPServerDisconnected",
    )
    assert message.next_attempt_at > timezone.now()  # retried later by the sweep


def test_the_message_costs_the_same_queries_for_1_or_11_sessions(make_offering):
    """The worker renders a confirmation and its invite with as many queries for a one-evening
    event as for an eleven-session course."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bookings.notifications.delivery import deliver

    warm_up = make_offering()  # the first message looks up the site's root paths once
    book_offering(offering_id=warm_up.pk, email="first@example.org", name="F")
    send_waiting()
    counts = []
    for sessions in (1, 11):
        offering = make_offering(sessions=sessions)
        book_offering(offering_id=offering.pk, email=f"p{sessions}@example.org", name="P")
        message = OutboxMessage.objects.get(recipient=f"p{sessions}@example.org")
        with CaptureQueriesContext(connection) as captured:
            assert deliver(message_id=message.pk) == "sent"
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_sender_name_reply_to_and_signature_come_from_the_sites_settings(
    make_offering, site_pages, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    from bookings.models import EmailSettings

    EmailSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        sender_name="Föräldrastöd Gnesta",
        reply_to="foraldrastod@gnesta.example.org",
        signature="Hälsningar\nFamiljecentralen i Gnesta",
    )
    offering = make_offering()
    with django_capture_on_commit_callbacks(execute=True):
        book_offering(offering_id=offering.pk, email="sara@example.org", name="Sara")
    (sent,) = mail.outbox
    assert sent.from_email.startswith('"Föräldrastöd Gnesta" <')
    assert sent.message()["From"].startswith("=?utf-8?")  # encoded on the wire
    assert sent.reply_to == ["foraldrastod@gnesta.example.org"]
    assert "Hälsningar\nFamiljecentralen i Gnesta\n\nDu får det här mejlet" in sent.body


def test_staff_cancelling_tells_the_parent_why(make_offering):
    offering = make_offering()
    booking = BookingFactory(offering=offering, email="sara@example.org", language="en")
    cancel_booking(booking_id=booking.pk, staff_reason="The group leader is ill.")
    (message,) = send_waiting()
    assert message.kind == "booking_cancelled_by_staff"
    assert "The group leader is ill." in message.body_text
    assert "The group leader is ill." in message.body_html
    assert message.attachments[0]["params"] == {"method": "CANCEL"}


def test_messages_go_out_through_anymail(
    make_offering, settings, django_capture_on_commit_callbacks
):
    """With anymail's test backend the message, its HTML and its invite reach the provider API."""
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    offering = make_offering(sessions=2)
    with django_capture_on_commit_callbacks(execute=True):
        book_offering(offering_id=offering.pk, email="sara@example.org", name="Sara")
    (sent,) = mail.outbox
    params = sent.anymail_test_params
    assert params["to"][0].addr_spec == "sara@example.org"
    assert params["html_body"].startswith("<!DOCTYPE html>") or "<html" in params["html_body"]
    (invite,) = params["attachments"]
    assert invite.mimetype.startswith("text/calendar")
    assert invite.name == "invite.ics"
    assert OutboxMessage.objects.get().status == "sent"
