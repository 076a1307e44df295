"""Every staff service leaves one entry in Wagtail's log naming the staff member and holding ids
and counts, also when it is called outside a request (a script, a background job), where
Wagtail's request log context cannot fill in the user."""

from datetime import timedelta

import pytest
from wagtail.models import ModelLogEntry

from bookings.models import Booking, BookingStatus, Offering, OfferingStatus
from bookings.services import editing, offering_cancellation, staff
from tests.factories import BookingFactory, VenueFactory, WaitlistedBookingFactory


@pytest.fixture
def group(make_offering):
    """Two seats, both taken, two households waiting, two coming sessions."""
    offering = make_offering(capacity=2, sessions=2)
    BookingFactory.create_batch(2, offering=offering)
    WaitlistedBookingFactory.create_batch(2, offering=offering)
    return offering


def seats(offering) -> list[Booking]:
    return list(offering.bookings.filter(status=BookingStatus.CONFIRMED).order_by("pk"))


def waiting(offering) -> list[Booking]:
    return list(offering.bookings.filter(status=BookingStatus.WAITLISTED).order_by("pk"))


def first_session(offering):
    return offering.sessions.order_by("starts_at").first()


def staff_add(group, actor):
    booking = staff.add_booking_by_staff(
        offering_id=group.pk, actor=actor, email="ny@example.org", name="Ny Familj"
    )
    return booking, {"offering": group.pk, "status": BookingStatus.WAITLISTED}


def staff_cancel(group, actor):
    seat = seats(group)[0]
    staff.cancel_booking_by_staff(booking_id=seat.pk, actor=actor, reason="Sjuk")
    return seat, {"offering": group.pk}


def raise_priority(group, actor):
    second = waiting(group)[1]
    staff.raise_waitlist_priority(booking_id=second.pk, actor=actor)
    return second, {"offering": group.pk, "priority": 1}


def offer_by_hand(group, actor):
    Offering.objects.filter(pk=group.pk).update(capacity=3)
    second = waiting(group)[1]
    staff.give_seat_by_hand(booking_id=second.pk, actor=actor, offer=True)
    return second, {"offering": group.pk}


def capacity(group, actor):
    staff.change_capacity_by_staff(offering_id=group.pk, actor=actor, capacity=3)
    return group, {"from": 2, "to": 3}


def session_moved(group, actor):
    session = first_session(group)
    starts = session.starts_at + timedelta(hours=1)
    staff.move_session(
        session_id=session.pk, actor=actor, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    return session, {"offering": group.pk, "emailed": 2}


def session_cancelled(group, actor):
    session = first_session(group)
    staff.cancel_session(session_id=session.pk, actor=actor)
    return session, {"offering": group.pk, "emailed": 2}


def offering_created(group, actor):
    created = editing.create_offering(
        actor=actor, fields={"program": group.program, "title": "Ny grupp", "capacity": 5}
    )
    return created, {}


def offering_edited(group, actor):
    editing.update_offering(
        offering_id=group.pk, actor=actor, changes={"title": "Ändrad", "venue": VenueFactory()}
    )
    return group, {"fields": ["title", "venue"], "emailed": 2, "unreachable": 0}


def cancelled_offering_edited(group, actor):
    Offering.objects.filter(pk=group.pk).update(status=OfferingStatus.CANCELLED)
    editing.update_offering(offering_id=group.pk, actor=actor, changes={"title": "Inställd"})
    return group, {"fields": ["title"]}


def offering_deleted(group, actor):
    empty = Offering.objects.create(program=group.program, title="Tom", capacity=4)
    editing.delete_offering(offering_id=empty.pk, actor=actor)
    return empty, {}


def session_added(group, actor):
    starts = first_session(group).starts_at + timedelta(days=30)
    saved = editing.add_session(
        actor=actor,
        offering=group,
        fields={"starts_at": starts, "ends_at": starts + timedelta(hours=2)},
    )
    return saved.instance, {"offering": group.pk, "emailed": 2, "unreachable": 0}


def cancelled_session_added(group, actor):
    starts = first_session(group).starts_at + timedelta(days=30)
    saved = editing.add_session(
        actor=actor,
        offering=group,
        fields={"starts_at": starts, "ends_at": starts + timedelta(hours=2), "is_cancelled": True},
    )
    return saved.instance, {"offering": group.pk}


def session_edited(group, actor):
    session = first_session(group)
    starts = session.starts_at + timedelta(hours=1)
    editing.update_session(
        session_id=session.pk,
        actor=actor,
        changes={"starts_at": starts, "ends_at": starts + timedelta(hours=2)},
    )
    return session, {"offering": group.pk, "fields": ["ends_at", "starts_at"]}


def session_deleted(group, actor):
    empty = Offering.objects.create(program=group.program, title="Tom", capacity=4)
    session = empty.sessions.create(
        starts_at=first_session(group).starts_at,
        ends_at=first_session(group).ends_at,
    )
    editing.delete_session(session_id=session.pk, actor=actor)
    return session, {"offering": empty.pk}


def offering_cancelled(group, actor):
    offering_cancellation.cancel_offering(offering_id=group.pk, actor=actor)
    return group, {"emailed": 4, "unreachable": 0}


ACTIONS = {
    "bookings.staff_add": staff_add,
    "bookings.staff_cancel": staff_cancel,
    "bookings.raise_priority": raise_priority,
    "bookings.offer_by_hand": offer_by_hand,
    "bookings.capacity": capacity,
    "bookings.session_moved": session_moved,
    "bookings.session_cancelled": session_cancelled,
    "bookings.offering_created": offering_created,
    "bookings.offering_edited": offering_edited,
    "bookings.offering_edited (a cancelled group)": cancelled_offering_edited,
    "bookings.offering_deleted": offering_deleted,
    "bookings.session_added": session_added,
    "bookings.session_added (cancelled)": cancelled_session_added,
    "bookings.session_edited": session_edited,
    "bookings.session_deleted": session_deleted,
    "bookings.offering_cancelled": offering_cancelled,
}


@pytest.mark.parametrize("action", ACTIONS)
def test_the_log_names_the_staff_member_and_holds_ids_and_counts(group, actor, action):
    instance, data = ACTIONS[action](group, actor)

    [entry] = ModelLogEntry.objects.filter(action=action.split(" ")[0])
    assert entry.object_id == str(instance.pk)
    assert entry.content_type.model_class() is type(instance)
    assert entry.user_id == actor.pk
    assert entry.data == data
