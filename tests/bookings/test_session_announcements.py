"""What the households with a seat read when staff add a session or move the group to a new
venue (bookings/services/sessions.py): the meetings that concern them, and only those."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import OutboxMessage, UndeliverableAddress
from bookings.services import editing
from bookings.services.sessions import announce_session_added, announce_venue_change
from bookings.services.telling import Told
from tests.bookings.sending import send_waiting
from tests.factories import BookingFactory, SessionFactory, UserFactory, VenueFactory


def meeting(offering, *, days: float, hour: int, **fields):
    starts = timezone.localtime() + timedelta(days=days)
    starts = starts.replace(hour=hour, minute=15, second=0, microsecond=0)
    return SessionFactory(
        offering=offering, starts_at=starts, ends_at=starts + timedelta(hours=2), **fields
    )


def clock(session) -> str:
    """How the e-mail writes the session's time ("10:15–12:15")."""
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return f"{starts:%H:%M}–{ends:%H:%M}"


@pytest.fixture
def group(make_offering):
    """A seated household and meetings of every kind: one that follows the group's venue, one
    with a venue of its own, a cancelled one and one already held."""
    offering = make_offering(sessions=0)
    sessions = {
        "follows": meeting(offering, days=10, hour=9),
        "own venue": meeting(offering, days=11, hour=10, venue=VenueFactory(name="Biblioteket")),
        "cancelled": meeting(offering, days=12, hour=11, is_cancelled=True),
        "held": meeting(offering, days=-3, hour=12),
    }
    BookingFactory(offering=offering, email="sara@example.org")
    return offering, sessions


def test_a_new_venue_lists_only_the_coming_meetings_that_move(group):
    offering, sessions = group
    elsewhere = meeting(BookingFactory().offering, days=13, hour=13)  # another group, no venue
    offering.venue = VenueFactory(street_address="Tallvägen 7")
    offering.save()

    told = announce_venue_change(offering_id=offering.pk)

    assert told == Told(emailed=1, unreachable=0)
    (message,) = send_waiting()
    assert message.facts["changed_sessions"] == [sessions["follows"].pk]
    assert clock(sessions["follows"]) in message.body_text
    for other in ("own venue", "cancelled", "held"):
        assert clock(sessions[other]) not in message.body_text, other
    assert clock(elsewhere) not in message.body_text


def test_a_new_venue_with_no_meeting_left_to_move_tells_nobody(make_offering):
    offering = make_offering(sessions=0)
    meeting(offering, days=10, hour=9, venue=VenueFactory(name="Biblioteket"))
    BookingFactory(offering=offering)
    meeting(BookingFactory().offering, days=11, hour=10)  # another group's, without a venue
    actor = UserFactory(is_staff=True)

    saved = editing.update_offering(
        offering_id=offering.pk, actor=actor, changes={"venue": VenueFactory()}
    )

    assert saved.told == Told(emailed=0, unreachable=0)
    assert not OutboxMessage.objects.filter(kind="venue_changed").exists()


def test_an_added_session_is_named_in_the_message(group):
    offering, _sessions = group
    added = meeting(offering, days=20, hour=14)

    announcement = announce_session_added(session_id=added.pk)

    assert announcement.session == added
    assert (announcement.emailed, announcement.unreachable) == (1, 0)
    (message,) = send_waiting()
    assert message.session_id == added.pk
    assert clock(added) in message.body_text


def test_every_household_that_must_be_phoned_is_counted(make_offering):
    offering = make_offering(sessions=0)
    session = meeting(offering, days=10, hour=9)
    BookingFactory(offering=offering, email="sara@example.org")
    BookingFactory(offering=offering, email="")  # booked by phone
    BookingFactory(offering=offering, email="")
    BookingFactory(offering=offering, email="studsar@example.org")
    UndeliverableAddress.objects.create(email="Studsar@example.org", reason="bounced")

    announcement = announce_session_added(session_id=session.pk)

    assert (announcement.emailed, announcement.unreachable) == (1, 3)
