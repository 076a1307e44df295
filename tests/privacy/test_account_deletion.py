"""A parent deletes their account: seats move on, their data goes, staff accounts cannot."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from bookings.models import Attendance, Booking, BookingStatus, CalendarFeed
from bookings.services import BookingError, book_offering, ensure_calendar_feed
from parentsite.accounts.deletion import delete_parent_account
from tests.factories import BookingFactory, SessionFactory, UserFactory, WaitlistedBookingFactory
from tests.privacy.conftest import find_in_database


def swedish(text: str) -> str:
    """What a visitor sees: the site speaks Swedish unless asked for English."""
    with translation.override("sv"):
        return translation.gettext(text)


URL = reverse("mypages:delete_account")


@pytest.fixture
def booked(make_offering, parent):
    """The parent has the only seat of a coming group (two households wait), a place on
    another group's waitlist, and a past group they came to."""
    coming = make_offering(sessions=2, capacity=1, title="Höstens grupp")
    seat = book_offering(
        offering_id=coming.pk,
        user=parent.user,
        email=parent.email,
        name=parent.name,
        phone=parent.phone,
    )
    first = WaitlistedBookingFactory(offering=coming, email="forst@example.org")
    second = WaitlistedBookingFactory(offering=coming, email="andra@example.org")
    other = make_offering(sessions=1, capacity=1, title="Vårens grupp")
    BookingFactory(offering=other)
    waiting = book_offering(
        offering_id=other.pk, user=parent.user, email=parent.email, name=parent.name
    )
    past = make_offering(sessions=0, title="Förra årets grupp")
    ended = timezone.now() - timedelta(days=30)
    session = SessionFactory(offering=past, starts_at=ended - timedelta(hours=2), ends_at=ended)
    came = BookingFactory(
        offering=past,
        user=parent.user,
        email=parent.email,
        name=parent.name,
        phone=parent.phone,
    )
    Attendance.objects.create(booking=came, session=session, mark="present")
    ensure_calendar_feed(user=parent.user)
    mail.outbox.clear()
    return {"seat": seat, "first": first, "second": second, "waiting": waiting, "came": came}


def other_device_session(parent) -> str:
    """The parent logged in on another device, half-way through a booking."""
    store = SessionStore()
    draft = {"offering_id": 1, "data": {"name": parent.name, "phone": parent.phone}}
    store.update({"_auth_user_id": str(parent.user.pk), "booking_draft": draft})
    store.create()
    return store.session_key


def test_the_page_says_what_happens_and_lists_the_bookings_that_will_be_cancelled(
    client, parent, booked
):
    client.force_login(parent.user)

    page = client.get(URL).content.decode()

    assert "Höstens grupp" in page
    assert "Vårens grupp" in page
    assert "Förra årets grupp" not in page  # over: kept (anonymized), not cancelled
    assert 'type="checkbox"' in page
    assert parent.name not in page and parent.email not in page


def test_deleting_gives_the_seat_to_the_first_in_line_and_removes_the_parent(
    client, parent, booked, django_capture_on_commit_callbacks
):
    client.force_login(parent.user)
    other_device = other_device_session(parent)
    before = find_in_database(*parent.needles)
    assert before  # the control: the search does find the parent

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"understood": "on"}, follow=True)

    assert response.redirect_chain[0] == ("/", 302)
    assert swedish("Your account and your personal data have been deleted.") in (
        response.content.decode()
    )
    status = {key: Booking.objects.get(pk=b.pk).status for key, b in booked.items()}
    assert status == {
        "seat": BookingStatus.CANCELLED,
        "first": BookingStatus.CONFIRMED,
        "second": BookingStatus.WAITLISTED,
        "waiting": BookingStatus.CANCELLED,
        "came": BookingStatus.CONFIRMED,  # the past group still counts them as reached
    }
    # Only the household that got the seat hears about it; the deleted parent gets nothing.
    assert [message.to for message in mail.outbox] == [["forst@example.org"]]
    assert find_in_database(*parent.needles) == set()
    assert not get_user_model().objects.filter(pk=parent.user.pk).exists()
    assert not CalendarFeed.objects.exists()
    assert not SessionStore().exists(other_device)
    assert Attendance.objects.filter(booking=booked["came"], mark="present").exists()
    # Logged out here too.
    assert "_auth_user_id" not in client.session
    assert client.get(URL)["Location"].startswith(reverse("account_request_login_code"))


def test_the_confirmation_box_is_required(client, parent, booked):
    client.force_login(parent.user)

    response = client.post(URL, {})

    assert response.status_code == 400
    assert swedish("Tick the box to confirm that you want this.") in response.content.decode()
    assert get_user_model().objects.filter(pk=parent.user.pk).exists()
    assert Booking.objects.get(pk=booked["seat"].pk).status == BookingStatus.CONFIRMED


@pytest.mark.parametrize("role", ["is_staff", "is_superuser"])
def test_staff_accounts_are_refused(client, db, role):
    staff = UserFactory(**{role: True})
    client.force_login(staff)

    refusal = swedish("This is a staff account. Staff accounts are removed by an administrator.")
    assert refusal in client.get(URL).content.decode()
    assert client.post(URL, {"understood": "on"}).status_code == 403
    with pytest.raises(BookingError) as refused:
        delete_parent_account(user_id=staff.pk)
    assert refused.value.code == "staff_account"
    assert get_user_model().objects.filter(pk=staff.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_request_login_code"))
    assert client.post(URL, {"understood": "on"}).status_code == 302


def test_bookings_made_with_a_verified_address_of_the_account_go_too(parent, make_offering):
    by_phone = BookingFactory(
        offering=make_offering(sessions=1), email=parent.email, name=parent.name, user=None
    )
    strangers = BookingFactory(offering=make_offering(sessions=1), email="other@example.org")

    assert delete_parent_account(user_id=parent.user.pk) == 1

    by_phone.refresh_from_db()
    assert (by_phone.status, by_phone.email) == (BookingStatus.CANCELLED, "")
    strangers.refresh_from_db()
    assert (strangers.status, strangers.email) == (BookingStatus.CONFIRMED, "other@example.org")
