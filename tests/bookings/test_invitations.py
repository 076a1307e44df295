"""A new group invites its program's interest list: a priority window before public booking
opens, or batches in line order as seats allow; booking through an invitation."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from bookings.models import (
    BookingStatus,
    CapacityUnit,
    InterestInvitation,
    InterestSource,
    InterestStatus,
    InviteMode,
    OfferingStatus,
    OutboxMessage,
    WaitlistPolicy,
)
from bookings.services import BookingError, withdraw_interest
from bookings.services.invitations import invite_next_batch, invite_next_batches
from tests.bookings.interest_invites import (
    book_invited,
    book_uninvited,
    invitation_of,
    invite,
    invited_ids,
    register,
)
from tests.factories import BookingFactory, ProgramPageFactory

PRIORITY = InviteMode.PRIORITY_WINDOW
BATCHES = InviteMode.BATCHES


@pytest.fixture
def program(program_index):
    return ProgramPageFactory(parent=program_index, title="KOMET 3–11")


@pytest.fixture
def group(make_offering, program):
    """An autumn group of six household seats, starting in two weeks, open for booking now."""
    return make_offering(program=program, sessions=2, capacity=6)


def refusal_code(call) -> str:
    with pytest.raises(BookingError) as refused:
        call()
    return refused.value.code


# --- the priority window -----------------------------------------------------------------


def test_everyone_with_an_address_is_invited_at_once_and_public_booking_waits(group, program):
    households = [register(program, n) for n in range(3)]
    register(program, 3, email="", source=InterestSource.STAFF)  # met by phone
    register(program, 4, persons=3)  # more than one booking may bring (2)
    now = timezone.now()

    invited = invite(group, PRIORITY, priority_hours=48, now=now)

    assert (invited.invited, invited.to_phone, invited.already) == (3, 2, False)
    group.refresh_from_db()
    assert group.booking_opens_at == now + timedelta(hours=48)
    assert (group.invite_mode, group.interest_invited_at) == (PRIORITY, now)
    assert invited_ids(group) == [each.pk for each in households]
    assert set(InterestInvitation.objects.values_list("expires_at", flat=True)) == {None}
    messages = OutboxMessage.objects.filter(kind="interest_invitation")
    assert sorted(messages.values_list("recipient", flat=True)) == [
        "household0@example.org",
        "household1@example.org",
        "household2@example.org",
    ]
    assert {message.interest_registration_id for message in messages} == {
        each.pk for each in households
    }
    for registration in households:
        registration.refresh_from_db()
        assert registration.last_invited_at == now


def test_the_staff_log_records_the_invitation_with_counts_and_no_personal_data(group, program):
    register(program, 0, name="Åsa Öberg")
    invite(group, PRIORITY, priority_hours=24)

    entry = ModelLogEntry.objects.for_instance(group).get(action="bookings.interest_invited")
    assert entry.data == {"mode": "priority", "priority_hours": 24, "invited": 1, "to_phone": 0}
    assert "household0" not in str(entry.data) and "Öberg" not in entry.label


def test_the_window_never_opens_public_booking_earlier_than_it_was_set(make_offering, program):
    later = timezone.now() + timedelta(days=5)
    group = make_offering(program=program, sessions=1, booking_opens_at=later)

    invite(group, PRIORITY, priority_hours=48)

    group.refresh_from_db()
    assert group.booking_opens_at == later


def test_an_invited_household_books_before_opening_and_others_wait_until_then(group, program):
    invited, stays = register(program, 0), register(program, 1)
    now = timezone.now()
    invite(group, PRIORITY, priority_hours=48, now=now)

    booking = book_invited(invitation_of(invited, group), now=now + timedelta(hours=1))
    assert booking.status == BookingStatus.CONFIRMED
    assert invitation_of(invited, group).booking == booking
    invited.refresh_from_db()
    assert (invited.status, invited.booking) == (InterestStatus.BOOKED, booking)

    early = now + timedelta(hours=47, minutes=59)
    assert refusal_code(lambda: book_uninvited(group, "new@example.org", now=early)) == "not_open"
    assert not group.bookings.filter(email="new@example.org").exists()

    after = book_uninvited(group, "new@example.org", now=now + timedelta(hours=48))
    assert after.status == BookingStatus.CONFIRMED
    stays.refresh_from_db()
    assert stays.status == InterestStatus.WAITING  # did not book: still on the list


def test_an_invitation_to_another_group_does_not_open_this_one(make_offering, group, program):
    other_group = make_offering(program=program, sessions=1)
    registration = register(program, 0)
    now = timezone.now()
    invite(group, PRIORITY, now=now)
    invite(other_group, PRIORITY, now=now)
    assert InterestInvitation.objects.filter(offering=other_group).count() == 1
    token_for_group = invitation_of(registration, group)

    code = refusal_code(lambda: book_invited(token_for_group, offering=other_group, now=now))

    assert code == "not_open"
    assert not other_group.bookings.exists()
    assert invitation_of(registration, group).booking is None


def test_a_withdrawn_household_cannot_use_its_invitation(group, program):
    registration = register(program, 0)
    now = timezone.now()
    invite(group, PRIORITY, now=now)
    withdraw_interest(registration_id=registration.pk)

    code = refusal_code(lambda: book_invited(invitation_of(registration, group), now=now))

    assert code == "not_open"
    assert not group.bookings.exists()


def test_an_invitation_does_not_open_the_window_for_another_address(group, program):
    registration = register(program, 0)
    now = timezone.now()
    invite(group, PRIORITY, now=now)
    invitation = invitation_of(registration, group)

    code = refusal_code(lambda: book_invited(invitation, email="someone@example.org", now=now))

    assert code == "not_open"
    assert invitation_of(registration, group).booking is None


def test_a_full_group_puts_an_invited_household_on_its_waitlist(make_offering, program):
    group = make_offering(program=program, sessions=1, capacity=1)
    first, second = register(program, 0), register(program, 1)
    now = timezone.now()
    invite(group, PRIORITY, now=now)

    book_invited(invitation_of(first, group), now=now)
    waiting = book_invited(invitation_of(second, group), now=now)

    assert waiting.status == BookingStatus.WAITLISTED
    assert invitation_of(second, group).booking == waiting


def test_inviting_twice_invites_nobody_twice(group, program):
    register(program, 0)
    now = timezone.now()
    invite(group, PRIORITY, priority_hours=48, now=now)
    register(program, 1)  # registered after the invitations went out

    again = invite(group, PRIORITY, priority_hours=96, now=now + timedelta(hours=1))

    assert again.already and again.invited == 0
    assert InterestInvitation.objects.count() == 1
    assert OutboxMessage.objects.filter(kind="interest_invitation").count() == 1
    group.refresh_from_db()
    assert group.booking_opens_at == now + timedelta(hours=48)


def test_a_window_that_would_outlast_booking_is_refused_and_nothing_changes(
    make_offering, program
):
    group = make_offering(program=program, sessions=1)
    register(program, 0)
    hours = int((group.first_session_at - timezone.now()).total_seconds() // 3600) + 1

    assert refusal_code(lambda: invite(group, PRIORITY, priority_hours=hours)) == "invalid"

    group.refresh_from_db()
    assert (group.interest_invited_at, group.booking_opens_at) == (None, None)
    assert not InterestInvitation.objects.exists()


def test_a_draft_group_cannot_invite(make_offering, program):
    group = make_offering(program=program, status=OfferingStatus.DRAFT)
    register(program, 0)

    assert refusal_code(lambda: invite(group, PRIORITY)) == "not_published"
    assert not InterestInvitation.objects.exists()


# --- batches -----------------------------------------------------------------------------


def test_the_first_batch_is_as_many_as_the_free_seats_in_line_order(make_offering, program):
    group = make_offering(program=program, sessions=1, capacity=3, offer_hours=24)
    BookingFactory(offering=group)
    # Registered out of id order: the line is registered_at.
    late, first, second = register(program, 9), register(program, 1), register(program, 2)
    now = timezone.now()

    invited = invite(group, BATCHES, now=now)

    assert invited.invited == 2
    assert invited_ids(group) == [first.pk, second.pk]
    assert set(InterestInvitation.objects.values_list("expires_at", flat=True)) == {
        now + timedelta(hours=24)
    }
    late.refresh_from_db()
    assert late.last_invited_at is None
    group.refresh_from_db()
    assert group.booking_opens_at is None  # batches leave the booking window as set


def test_seats_counted_in_persons_pass_over_a_household_too_large_for_what_is_left(
    make_offering, program
):
    group = make_offering(
        program=program, capacity=4, capacity_unit=CapacityUnit.PERSONS, max_persons_per_booking=3
    )
    three, two, one = (register(program, n, persons=p) for n, p in enumerate((3, 2, 1)))

    invite(group, BATCHES)

    assert invited_ids(group) == [three.pk, one.pk]
    two.refresh_from_db()
    assert two.status == InterestStatus.WAITING


def test_the_next_batch_follows_expiry_or_use_and_nobody_is_invited_twice(make_offering, program):
    group = make_offering(program=program, sessions=1, capacity=2, offer_hours=24)
    households = [register(program, n) for n in range(6)]
    now = timezone.now()
    invite(group, BATCHES, now=now)

    assert invite_next_batch(offering_id=group.pk, now=now + timedelta(hours=1)) == 0
    book_invited(invitation_of(households[0], group), now=now + timedelta(hours=2))
    # One seat is booked, the other still held by household 1's running invitation.
    assert invite_next_batch(offering_id=group.pk, now=now + timedelta(hours=3)) == 0

    assert invite_next_batch(offering_id=group.pk, now=now + timedelta(hours=25)) == 1
    assert invited_ids(group) == [each.pk for each in households[:3]]
    assert invite_next_batch(offering_id=group.pk, now=now + timedelta(hours=26)) == 0

    households[1].refresh_from_db()
    assert households[1].status == InterestStatus.WAITING  # did not book: stays on the list
    households[0].refresh_from_db()
    assert households[0].status == InterestStatus.BOOKED
    assert len(set(invited_ids(group))) == len(invited_ids(group)) == 3


def test_batches_stop_when_the_group_is_full(make_offering, program):
    group = make_offering(program=program, sessions=1, capacity=1, offer_hours=1)
    first, _second = register(program, 0), register(program, 1)
    now = timezone.now()
    invite(group, BATCHES, now=now)
    book_invited(invitation_of(first, group), now=now)

    assert invite_next_batch(offering_id=group.pk, now=now + timedelta(hours=5)) == 0
    assert invited_ids(group) == [first.pk]


def test_an_expired_batch_invitation_no_longer_books_before_opening(make_offering, program):
    opens = timezone.now() + timedelta(days=3)
    group = make_offering(program=program, sessions=1, offer_hours=24, booking_opens_at=opens)
    registration = register(program, 0)
    now = timezone.now()
    invite(group, BATCHES, now=now)
    invitation = invitation_of(registration, group)

    late = now + timedelta(hours=25)
    assert refusal_code(lambda: book_invited(invitation, now=late)) == "not_open"
    assert book_invited(invitation, now=now + timedelta(hours=23)).status == "confirmed"


def test_the_periodic_job_invites_only_groups_inviting_in_batches(make_offering, program):
    batch_group = make_offering(program=program, sessions=1, capacity=1, offer_hours=1)
    window_group = make_offering(program=program, sessions=1, capacity=1)
    first, second = register(program, 0), register(program, 1)
    now = timezone.now()
    invite(batch_group, BATCHES, now=now)
    invite(window_group, PRIORITY, now=now)

    assert invite_next_batches(now=now + timedelta(hours=2)) == 1

    assert invited_ids(batch_group) == [first.pk, second.pk]
    assert invited_ids(window_group) == [first.pk, second.pk]
    log = ModelLogEntry.objects.for_instance(batch_group).get(action="bookings.interest_next_batch")
    assert log.data == {"invited": 1}


def test_a_closed_group_invites_no_next_batch(make_offering, program):
    group = make_offering(program=program, sessions=1, capacity=1, offer_hours=1)
    register(program, 0), register(program, 1)
    now = timezone.now()
    invite(group, BATCHES, now=now)

    after_start = group.first_session_at + timedelta(minutes=1)
    assert invite_next_batch(offering_id=group.pk, now=after_start) == 0


# --- what booking through an invitation costs -------------------------------------------


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_an_invitation_adds_at_most_one_query_to_a_booking(make_offering, program):
    plain = make_offering(program=program, sessions=1, waitlist_policy=WaitlistPolicy.AUTO)
    other = ProgramPageFactory(parent=program.get_parent())
    invited_group = make_offering(program=other, sessions=1)
    registration = register(other, 0)
    invite(invited_group, PRIORITY)
    invitation = invitation_of(registration, invited_group)

    without = count_queries(lambda: book_uninvited(plain, "a@example.org"))
    with_invitation = count_queries(lambda: book_invited(invitation))

    assert invitation_of(registration, invited_group).booking is not None
    assert with_invitation - without <= 1


def test_the_periodic_job_locks_no_group_that_is_not_inviting_in_batches(
    make_offering, program, django_assert_num_queries
):
    """It runs every minute: groups inviting with a priority window, and groups set to batches
    whose staff have not opened them yet, are not even locked (one query finds there is none)."""
    window_group = make_offering(program=program, sessions=1, capacity=1)
    make_offering(program=program, sessions=1, capacity=1, invite_mode=BATCHES)  # not opened
    register(program, 0)
    now = timezone.now()
    invite(window_group, PRIORITY, now=now)

    with django_assert_num_queries(1):
        assert invite_next_batches(now=now + timedelta(hours=2)) == 0


def test_a_batch_is_invited_only_to_a_group_opened_in_batches(make_offering, program):
    not_opened = make_offering(program=program, sessions=1, capacity=2, invite_mode=BATCHES)
    window_group = make_offering(program=program, sessions=1, capacity=2)
    register(program, 0)
    now = timezone.now()
    invite(window_group, PRIORITY, now=now)
    register(program, 1)  # registered after the window's invitations went out

    assert invite_next_batch(offering_id=not_opened.pk, now=now) == 0
    assert invite_next_batch(offering_id=window_group.pk, now=now) == 0
    assert invited_ids(not_opened) == []
    assert len(invited_ids(window_group)) == 1
