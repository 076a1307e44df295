"""Staff's create, edit and delete services (bookings/services/editing.py) called directly:
what they store and what they report back to the screen that called them."""

from datetime import timedelta

import pytest
from wagtail.models import ModelLogEntry

from bookings.models import Attendance, AttendanceMark, BookingStatus, Session
from bookings.services import editing
from bookings.services.telling import Told
from tests.factories import BookingFactory, UserFactory, VenueFactory


@pytest.fixture
def booked(make_offering):
    """Two households with a seat, two coming sessions at the offering's venue."""
    offering = make_offering(capacity=4, sessions=2)
    BookingFactory.create_batch(2, offering=offering)
    return offering


def later(session, **delta):
    starts = session.starts_at + timedelta(**delta)
    return {"starts_at": starts, "ends_at": starts + timedelta(hours=2)}


def test_a_new_offering_gets_the_organizers_chosen_and_none_otherwise(make_offering, actor):
    program = make_offering().program
    leader = UserFactory(username="ledare")

    with_leader = editing.create_offering(
        actor=actor, fields={"program": program, "title": "A", "capacity": 5}, organizers=[leader]
    )
    without = editing.create_offering(
        actor=actor, fields={"program": program, "title": "B", "capacity": 5}
    )

    assert list(with_leader.organizers.all()) == [leader]
    assert not without.organizers.exists()


def test_changing_the_organizers_is_stored_and_named_in_the_log(booked, actor):
    leader = UserFactory(username="ledare")

    saved = editing.update_offering(
        offering_id=booked.pk, actor=actor, changes={"organizers": [leader]}
    )

    assert list(booked.organizers.all()) == [leader]
    assert saved.told is None
    [entry] = ModelLogEntry.objects.filter(action="bookings.offering_edited")
    assert entry.data == {"fields": ["organizers"]}


def test_each_edit_reports_whom_it_told(booked, actor):
    """The screen shows "2 households get an e-mail" from what the service returns."""
    first = booked.sessions.order_by("starts_at").first()

    venue = editing.update_offering(
        offering_id=booked.pk, actor=actor, changes={"venue": VenueFactory()}
    )
    moved = editing.update_session(session_id=first.pk, actor=actor, changes=later(first, hours=1))
    added = editing.add_session(actor=actor, offering=booked, fields=later(first, days=60))
    cancelled = editing.add_session(
        actor=actor, offering=booked, fields={**later(first, days=90), "is_cancelled": True}
    )
    unchanged = editing.update_session(session_id=first.pk, actor=actor, changes={})

    told = Told(emailed=2, unreachable=0)
    assert (venue.told, moved.told, added.told) == (told, told, told)
    assert (cancelled.told, unchanged.told) == (None, None)


def test_a_session_with_only_notices_of_absence_can_be_deleted(make_offering, actor):
    """A household that said it could not come and then cancelled leaves a notice behind: it
    records no attendance, so the session may go."""
    offering = make_offering(sessions=1)
    session = offering.sessions.get()
    left = BookingFactory(offering=offering, status=BookingStatus.CANCELLED)
    Attendance.objects.create(booking=left, session=session, mark=AttendanceMark.NOTIFIED)

    editing.delete_session(session_id=session.pk, actor=actor)

    assert not Session.objects.filter(pk=session.pk).exists()
