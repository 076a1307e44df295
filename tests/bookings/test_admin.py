"""The staff screens for offerings and sessions in the Wagtail admin."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import ERROR, get_messages
from django.urls import reverse
from django.utils import timezone

from bookings.models import BookingStatus, Offering, Session
from bookings.selectors import availability_of
from bookings.services import book_offering
from tests.bookings.sending import send_waiting
from tests.factories import BookingFactory, SessionFactory, UserFactory

OFFERINGS = "bookings_offerings"
SESSIONS = "bookings_sessions"
BOOKINGS = "bookings_bookings"


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    return client


def offering_form(offering=None, **changes) -> dict:
    """POST data for the offering form, from an offering's current values."""
    data = {
        "program": offering.program_id if offering else "",
        "title": offering.title if offering else "",
        "capacity": offering.capacity if offering else 6,
        "capacity_unit": offering.capacity_unit if offering else "households",
        "max_persons_per_booking": offering.max_persons_per_booking if offering else 2,
        "booking_opens_at": "",
        "booking_closes_at": "",
        "waitlist_policy": offering.waitlist_policy if offering else "auto",
        "offer_hours": offering.offer_hours if offering else 48,
        "reminder_hours": offering.reminder_hours if offering else 24,
        "status": offering.status if offering else "published",
        "venue": offering.venue_id if offering and offering.venue_id else "",
    }
    data.update(changes)
    return data


def local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def book(offering, count: int, *, start: int = 0) -> list:
    return [
        book_offering(offering_id=offering.pk, email=f"p{start + n}@example.org", name="Test")
        for n in range(count)
    ]


def test_superuser_lists_offerings_sessions_and_bookings(admin_client, make_offering):
    offering = make_offering(title="Tisdagar 18:00", capacity=2, sessions=2)
    book(offering, 3)

    response = admin_client.get(reverse(f"{OFFERINGS}:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tisdagar 18:00" in html
    assert offering.program.title in html
    assert "2 / 2" in html  # booked / capacity, from the availability selector

    for namespace in (SESSIONS, BOOKINGS):
        url = reverse(f"{namespace}:index") + f"?offering={offering.pk}"
        assert admin_client.get(url).status_code == 200


def test_offering_list_searches_and_sorts_by_availability(admin_client, make_offering):
    make_offering(title="Tisdagar", capacity=1)
    make_offering(title="Onsdagar", capacity=5)
    index = reverse(f"{OFFERINGS}:index")
    html = admin_client.get(index + "?q=Tisd").content.decode()
    assert "Tisdagar" in html and "Onsdagar" not in html
    for ordering in ("seats_taken", "-waitlist_length", "first_session_at"):
        assert admin_client.get(index + f"?ordering={ordering}").status_code == 200


def test_offering_filters_by_program_and_status(admin_client, make_offering):
    shown = make_offering(title="Visas")
    make_offering(title="Dold omgång", status="draft")
    url = reverse(f"{OFFERINGS}:index") + f"?program={shown.program_id}&status=published"
    html = admin_client.get(url).content.decode()
    assert "Visas" in html
    assert "Dold omgång" not in html


def test_superuser_creates_and_edits_an_offering(admin_client, make_offering):
    program = make_offering().program
    assert admin_client.get(reverse(f"{OFFERINGS}:add")).status_code == 200

    response = admin_client.post(
        reverse(f"{OFFERINGS}:add"),
        offering_form(program=program.pk, title="Måndagar 17:30", capacity=8),
    )
    assert response.status_code == 302
    created = Offering.objects.get(title="Måndagar 17:30")
    assert created.capacity == 8

    edit_url = reverse(f"{OFFERINGS}:edit", args=[created.pk])
    assert admin_client.get(edit_url).status_code == 200
    response = admin_client.post(edit_url, offering_form(created, title="Måndagar 18:00"))
    assert response.status_code == 302
    created.refresh_from_db()
    assert (created.title, created.capacity) == ("Måndagar 18:00", 8)


def test_offering_form_explains_a_window_that_closes_before_it_opens(admin_client, make_offering):
    offering = make_offering()
    response = admin_client.post(
        reverse(f"{OFFERINGS}:edit", args=[offering.pk]),
        offering_form(
            offering, booking_opens_at="2030-02-01 08:00", booking_closes_at="2030-01-01 08:00"
        ),
    )
    assert response.status_code == 200  # the form again, with the error
    assert "booking_closes_at" in response.context["form"].errors


def test_superuser_creates_and_moves_a_session(admin_client, make_offering):
    offering = make_offering(sessions=0)
    add_url = reverse(f"{SESSIONS}:add") + f"?offering={offering.pk}"
    response = admin_client.get(add_url)
    assert response.status_code == 200
    assert response.context["form"].initial["offering"] == str(offering.pk)

    starts = timezone.now() + timedelta(days=30)
    data = {
        "offering": offering.pk,
        "starts_at": local(starts),
        "ends_at": local(starts + timedelta(hours=2)),
        "venue": "",
    }
    assert admin_client.post(add_url, data).status_code == 302
    session = Session.objects.get(offering=offering)
    offering.refresh_from_db()
    sequence = offering.calendar_sequence

    edit_url = reverse(f"{SESSIONS}:edit", args=[session.pk])
    assert admin_client.get(edit_url).status_code == 200
    moved = {
        **data,
        "starts_at": local(starts + timedelta(hours=1)),
        "ends_at": local(starts + timedelta(hours=3)),
    }
    assert admin_client.post(edit_url, moved).status_code == 302
    session.refresh_from_db()
    assert session.starts_at == (starts + timedelta(hours=1)).replace(second=0, microsecond=0)
    book_offering(offering_id=offering.pk, email="sara@example.org", name="Sara")
    admin_client.post(edit_url, {**moved, "starts_at": local(starts)})
    assert [m.kind for m in send_waiting()] == ["booking_confirmed", "session_moved"]
    offering.refresh_from_db()
    assert offering.calendar_sequence > sequence + 1  # her invite, then the update


def test_session_must_end_after_it_starts(admin_client, make_offering):
    offering = make_offering(sessions=0)
    response = admin_client.post(
        reverse(f"{SESSIONS}:add"),
        {"offering": offering.pk, "starts_at": "2030-01-10 18:00", "ends_at": "2030-01-10 17:00"},
    )
    assert response.status_code == 200
    assert "ends_at" in response.context["form"].errors
    assert not Session.objects.exists()


def test_raising_capacity_in_the_admin_promotes_the_waitlist(admin_client, make_offering):
    offering = make_offering(capacity=1)
    first, second, third = book(offering, 3)
    assert second.status == BookingStatus.WAITLISTED

    response = admin_client.post(
        reverse(f"{OFFERINGS}:edit", args=[offering.pk]), offering_form(offering, capacity=2)
    )
    assert response.status_code == 302
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == BookingStatus.CONFIRMED
    assert third.status == BookingStatus.WAITLISTED
    offering.refresh_from_db()
    assert offering.capacity == 2


def test_lowering_capacity_below_booked_bumps_nobody(admin_client, make_offering):
    offering = make_offering(capacity=3)
    bookings = book(offering, 3)

    response = admin_client.post(
        reverse(f"{OFFERINGS}:edit", args=[offering.pk]), offering_form(offering, capacity=1)
    )
    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.capacity == 1
    for booking in bookings:
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED
    assert availability_of(offering).is_over_full


def test_deleting_an_offering_with_bookings_is_refused(admin_client, make_offering):
    offering = make_offering()
    BookingFactory(offering=offering)
    delete_url = reverse(f"{OFFERINGS}:delete", args=[offering.pk])
    edit_url = reverse(f"{OFFERINGS}:edit", args=[offering.pk])

    for response in (admin_client.get(delete_url), admin_client.post(delete_url)):
        assert response.status_code == 302
        assert response.url == edit_url
        levels = [message.level for message in get_messages(response.wsgi_request)]
        assert ERROR in levels
    assert Offering.objects.filter(pk=offering.pk).exists()
    assert admin_client.get(edit_url).status_code == 200


def test_deleting_an_offering_without_bookings_works(admin_client, make_offering):
    offering = make_offering(sessions=2)
    response = admin_client.post(reverse(f"{OFFERINGS}:delete", args=[offering.pk]))
    assert response.status_code == 302
    assert not Offering.objects.filter(pk=offering.pk).exists()


def test_deleting_a_booked_session_is_refused(admin_client, make_offering):
    offering = make_offering()
    BookingFactory(offering=offering)
    session = offering.sessions.get()
    response = admin_client.post(reverse(f"{SESSIONS}:delete", args=[session.pk]))
    assert response.status_code == 302
    assert Session.objects.filter(pk=session.pk).exists()


def test_anonymous_user_is_sent_to_login(client, make_offering):
    offering = make_offering()
    for url in (
        reverse(f"{OFFERINGS}:index"),
        reverse(f"{OFFERINGS}:edit", args=[offering.pk]),
        reverse(f"{SESSIONS}:index"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))


def test_editor_without_bookings_permissions_is_denied(client, make_offering):
    offering = make_offering()
    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # an admin user...
    for url in (
        reverse(f"{OFFERINGS}:index"),
        reverse(f"{OFFERINGS}:edit", args=[offering.pk]),
        reverse(f"{SESSIONS}:index"),
        reverse(f"{BOOKINGS}:index"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)  # ...but not of these screens
        if response.status_code == 302:
            assert response.url == reverse("wagtailadmin_home")
    response = client.post(
        reverse(f"{OFFERINGS}:edit", args=[offering.pk]), offering_form(offering, capacity=99)
    )
    assert response.status_code in (302, 403)
    offering.refresh_from_db()
    assert offering.capacity != 99


def test_user_with_view_permission_lists_but_cannot_edit(client, make_offering):
    from django.contrib.auth.models import Permission

    offering = make_offering()
    SessionFactory(offering=offering)
    viewer = UserFactory(username="viewer")
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_offering"),
    )
    client.force_login(viewer)
    assert client.get(reverse(f"{OFFERINGS}:index")).status_code == 200
    response = client.get(reverse(f"{OFFERINGS}:edit", args=[offering.pk]))
    assert response.status_code in (302, 403)
