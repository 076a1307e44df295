"""Download my data: a readable page and a JSON file with everything held about the parent, and
nothing about anyone else."""

import json
from datetime import datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.audit import log_staff_action
from bookings.models import (
    Attendance,
    BookingSource,
    BookingStatus,
    CalendarFeed,
    OutboxMessage,
    OutboxStatus,
    UndeliverableAddress,
)
from parentsite.accounts.personal_data import collect_personal_data
from parentsite.accounts.services import save_profile
from tests.factories import BookingFactory, SessionFactory, UserFactory


def download(client) -> dict:
    response = client.get(reverse("mypages:my_data_download"))
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def held(parent, other_parent, make_offering):
    """Sara's course (two sessions held: she came, then not; one to come), a meetup staff booked
    for her address, an old booking on an address she has not confirmed, and Omar's booking."""
    course = make_offering(sessions=0, title="Torsdagar 18:00")
    course.program.title = "KOMET 3–11"
    course.program.save()
    now = timezone.now()
    sessions = [
        SessionFactory(offering=course, starts_at=now + timedelta(days=days))
        for days in (-14, -7, 7)
    ]
    booking = BookingFactory(
        offering=course,
        user=parent,
        email=parent.email,
        name="Sara Nilsson",
        phone="070-765 43 21",
        persons=2,
        child_age_band="6-9",
        interpreter_language="ar",
        needs_childcare=True,
        access_needs=["hearing_loop"],
    )
    Attendance.objects.create(booking=booking, session=sessions[0], mark="present")
    Attendance.objects.create(booking=booking, session=sessions[1], mark="absent")
    OutboxMessage.objects.create(
        kind="booking_confirmed",
        booking=booking,
        recipient=parent.email,
        subject="Din plats är bokad",
        body_text="...",
        status=OutboxStatus.SENT,
        sent_at=now,
    )
    staff = UserFactory(username="leader")
    log_staff_action(instance=booking, action="bookings.raise_priority", user=staff)

    by_staff = BookingFactory(
        offering=make_offering(),
        user=None,
        email="SARA@example.org",
        name="Sara N",
        source=BookingSource.STAFF,
    )
    EmailAddress.objects.create(user=parent, email="sara.old@example.org", verified=False)
    unproven = BookingFactory(offering=make_offering(), email="sara.old@example.org")
    omar = BookingFactory(
        offering=course, user=other_parent, email=other_parent.email, name="Omar Haddad"
    )
    return {"booking": booking, "by_staff": by_staff, "unproven": unproven, "omar": omar}


def test_the_file_holds_the_parents_own_bookings_with_every_field(parent_client, parent, held):
    save_profile(user=parent, name="Sara Nilsson", phone="070-765 43 21", language="en")
    parent_client.get(reverse("mypages:index"))  # makes the calendar link
    data = download(parent_client)

    assert data["account"]["email_addresses"] == [
        {"email": "sara@example.org", "verified": True, "primary": True},
        {"email": "sara.old@example.org", "verified": False, "primary": False},
    ]
    assert data["account"]["has_password"] is False
    assert data["profile"]["name"] == "Sara Nilsson"
    assert data["profile"]["language"] == "en"
    assert data["calendar_feed"]["exists"] is True
    assert CalendarFeed.objects.get(user=parent).token not in json.dumps(data)

    course, by_staff = data["bookings"]
    assert course["program"] == "KOMET 3–11" and course["group"] == "Torsdagar 18:00"
    assert (course["name"], course["phone"], course["persons"]) == (
        "Sara Nilsson",
        "070-765 43 21",
        2,
    )
    assert course["status"] == BookingStatus.CONFIRMED and course["status_label"] == "Confirmed"
    assert course["child_age_band_label"] == "6–9 years"
    assert course["interpreter_language_label"] == "Arabic"
    assert course["needs_childcare"] is True
    assert course["access_needs_labels"] == ["Hearing loop"]
    assert [session["attendance"] for session in course["sessions"]] == ["present", "absent", None]
    assert course["emails"][0]["subject"] == "Din plats är bokad"
    assert course["emails"][0]["status"] == "sent"
    assert [action["action"] for action in course["staff_actions"]] == ["bookings.raise_priority"]
    assert "leader" not in json.dumps(course["staff_actions"])  # not who, only what and when

    # Made by staff with her (verified) address, not linked to the account: hers all the same.
    assert by_staff["linked_to_account"] is False and by_staff["made_by"] == "staff"


def test_no_booking_of_an_unconfirmed_address_or_another_parent_is_included(parent_client, held):
    text = parent_client.get(reverse("mypages:my_data_download")).content.decode()
    assert "Omar" not in text and "omar@example.org" not in text
    assert held["unproven"].name not in text
    assert held["omar"].token not in text and held["booking"].token not in text


def test_the_download_is_a_private_attachment(parent_client, held):
    response = parent_client.get(reverse("mypages:my_data_download"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mina-uppgifter.json"'
    assert "no-store" in response["Cache-Control"]


def test_times_are_swedish_local_time(parent_client, held):
    data = download(parent_client)
    starts = datetime.fromisoformat(data["bookings"][0]["sessions"][0]["starts_at"])
    assert starts.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    first = held["booking"].offering.sessions.order_by("starts_at").first().starts_at
    assert abs(starts - first) < timedelta(milliseconds=1)  # the file keeps milliseconds


def test_the_page_shows_the_same_in_words(parent_client, held):
    page = parent_client.get(reverse("mypages:my_data")).content.decode()
    assert "<title>All data we keep about you – Parent support</title>" in page
    assert "KOMET 3–11: Torsdagar 18:00" in page
    assert "you came" in page and "you did not come" in page and "not recorded" in page
    assert "“Din plats är bokad”" in page
    assert "Moved to the front of the waitlist" in page
    assert "sara.old@example.org (not confirmed)" in page
    assert "Your e-mail address (the booking is not linked to your account)" in page
    assert "Omar" not in page
    assert f'href="{reverse("mypages:my_data_download")}"' in page


def test_an_undeliverable_address_is_told(parent_client, parent, held):
    UndeliverableAddress.objects.create(email="Sara@example.org", reason="bounced")
    UndeliverableAddress.objects.create(email="omar@example.org", reason="bounced")
    data = download(parent_client)
    assert [row["email"] for row in data["undeliverable_addresses"]] == ["Sara@example.org"]


def test_a_new_account_gets_an_almost_empty_file(other_client):
    data = download(other_client)
    assert data["bookings"] == [] and data["profile"] is None
    assert data["calendar_feed"] == {"exists": False, "made_at": None}


def test_queries_do_not_grow_with_bookings(parent, make_offering, held):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            collect_personal_data(user=parent)
        return len(queries)

    before = count()
    for _ in range(4):
        booking = BookingFactory(offering=make_offering(sessions=3), user=parent)
        OutboxMessage.objects.create(
            kind="booking_confirmed", booking=booking, recipient="x@example.org", subject="S"
        )
    assert len(collect_personal_data(user=parent)["bookings"]) == 6
    assert count() == before
