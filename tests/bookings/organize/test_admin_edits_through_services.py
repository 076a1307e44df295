"""The admin's create, edit and delete screens write through the editing services: the offering
lock, the same rules as the organizer's actions, and one entry in the staff log each."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from bookings.models import BookingStatus, Offering, Session
from bookings.services import BookingError
from bookings.services.editing import update_session
from tests.bookings.test_admin import OFFERINGS, SESSIONS, book, local, offering_form


def log_of(instance) -> list[tuple[str, dict]]:
    return [
        (entry.action, entry.data)
        for entry in ModelLogEntry.objects.for_instance(instance).order_by("pk")
        if entry.action.startswith("bookings.")
    ]


def test_editing_an_offering_is_logged_with_the_fields_changed_and_not_their_values(
    admin_client, boss, make_offering
):
    offering = make_offering(title="Tisdagar")
    response = admin_client.post(
        reverse(f"{OFFERINGS}:edit", args=[offering.pk]),
        offering_form(offering, title="Onsdagar", capacity=9),
    )

    assert response.status_code == 302
    assert log_of(offering) == [("bookings.offering_edited", {"fields": ["capacity", "title"]})]
    entry = ModelLogEntry.objects.for_instance(offering).get(action="bookings.offering_edited")
    assert entry.user_id == boss.pk
    assert "Onsdagar" not in str(entry.data)


def test_an_unchanged_form_logs_nothing(admin_client, make_offering):
    offering = make_offering()
    admin_client.post(reverse(f"{OFFERINGS}:edit", args=[offering.pk]), offering_form(offering))

    assert log_of(offering) == []


def test_creating_an_offering_is_logged(admin_client, make_offering):
    program = make_offering().program
    admin_client.post(
        reverse(f"{OFFERINGS}:add"), offering_form(program=program.pk, title="Ny grupp")
    )

    created = Offering.objects.get(title="Ny grupp")
    assert log_of(created) == [("bookings.offering_created", {})]


def test_a_raised_capacity_in_the_admin_promotes_through_the_service(admin_client, make_offering):
    offering = make_offering(capacity=1)
    first, second = book(offering, 2)

    admin_client.post(
        reverse(f"{OFFERINGS}:edit", args=[offering.pk]), offering_form(offering, capacity=2)
    )

    second.refresh_from_db()
    assert second.status == BookingStatus.CONFIRMED
    assert ("bookings.offering_edited", {"fields": ["capacity"]}) in log_of(offering)


def test_moving_a_session_in_the_admin_tells_booked_parents_and_is_logged(
    admin_client, make_offering, mailoutbox, django_capture_on_commit_callbacks
):
    offering = make_offering(sessions=1)
    book(offering, 2)
    session = offering.sessions.get()
    mailoutbox.clear()
    starts = session.starts_at + timedelta(hours=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(f"{SESSIONS}:edit", args=[session.pk]),
            {
                "offering": offering.pk,
                "starts_at": local(starts),
                "ends_at": local(starts + timedelta(hours=2)),
                "venue": "",
            },
        )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == starts.replace(second=0, microsecond=0)
    assert sorted(message.to[0] for message in mailoutbox) == [
        "p0@example.org",
        "p1@example.org",
    ]
    assert log_of(session) == [
        (
            "bookings.session_edited",
            {"offering": offering.pk, "fields": ["ends_at", "starts_at"]},
        )
    ]


def test_a_session_cannot_be_moved_to_another_group(admin_client, make_offering):
    offering, other = make_offering(sessions=1), make_offering(sessions=0)
    session = offering.sessions.get()
    starts = session.starts_at

    response = admin_client.post(
        reverse(f"{SESSIONS}:edit", args=[session.pk]),
        {
            "offering": other.pk,
            "starts_at": local(starts),
            "ends_at": local(starts + timedelta(hours=2)),
            "venue": "",
        },
    )

    assert response.status_code == 200  # the form again, with what was typed
    assert "annan grupp" in str(response.context["form"].non_field_errors())
    session.refresh_from_db()
    assert session.offering_id == offering.pk


def test_the_service_refuses_another_group_too(make_offering, boss):
    offering, other = make_offering(sessions=1), make_offering(sessions=0)
    session = offering.sessions.get()

    with pytest.raises(BookingError):
        update_session(session_id=session.pk, actor=boss, changes={"offering": other})


def test_adding_a_session_in_the_admin_is_logged(admin_client, make_offering):
    offering = make_offering(sessions=0)
    starts = timezone.now() + timedelta(days=20)
    admin_client.post(
        reverse(f"{SESSIONS}:add"),
        {
            "offering": offering.pk,
            "starts_at": local(starts),
            "ends_at": local(starts + timedelta(hours=2)),
            "venue": "",
        },
    )

    session = Session.objects.get(offering=offering)
    assert log_of(session) == [
        ("bookings.session_added", {"offering": offering.pk, "emailed": 0, "unreachable": 0})
    ]


def test_deleting_an_unbooked_session_is_logged_and_a_booked_one_refused(
    admin_client, make_offering
):
    free = make_offering(sessions=1)
    free_session = free.sessions.get()
    booked = make_offering(sessions=1)
    book(booked, 1)
    booked_session = booked.sessions.get()

    admin_client.post(reverse(f"{SESSIONS}:delete", args=[free_session.pk]))
    response = admin_client.post(reverse(f"{SESSIONS}:delete", args=[booked_session.pk]))

    assert not Session.objects.filter(pk=free_session.pk).exists()
    assert ModelLogEntry.objects.filter(
        action="bookings.session_deleted", object_id=str(free_session.pk)
    ).exists()
    assert response.status_code == 302
    assert Session.objects.filter(pk=booked_session.pk).exists()


def test_deleting_an_offering_goes_through_the_service(admin_client, make_offering):
    offering = make_offering(sessions=0)

    admin_client.post(reverse(f"{OFFERINGS}:delete", args=[offering.pk]))

    assert not Offering.objects.filter(pk=offering.pk).exists()
    assert ModelLogEntry.objects.filter(
        action="bookings.offering_deleted", object_id=str(offering.pk)
    ).exists()
