"""Each rule that says no says it with its own code (for the code that shows it) and its own
sentence, in the reader's language (Swedish here)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from bookings.models import (
    Attendance,
    AttendanceMark,
    Booking,
    BookingStatus,
    Offering,
    OfferingStatus,
    Session,
    WaitlistPolicy,
)
from bookings.services import (
    BookingError,
    book_offering,
    cancel_booking,
    change_capacity,
    editing,
    offering_cancellation,
    register_interest,
    staff,
    withdraw_interest,
)
from tests.factories import BookingFactory, WaitlistedBookingFactory


@pytest.fixture
def full_group(make_offering):
    """One seat, taken; one household waiting; one coming session."""
    offering = make_offering(capacity=1, sessions=1)
    BookingFactory(offering=offering)
    WaitlistedBookingFactory(offering=offering)
    return offering


def seat(offering) -> Booking:
    return offering.bookings.get(status=BookingStatus.CONFIRMED)


def in_line(offering) -> Booking:
    return offering.bookings.get(status=BookingStatus.WAITLISTED)


def raise_unknown(group, actor):
    staff.raise_waitlist_priority(booking_id=seat(group).pk + 1000, actor=actor)


def raise_a_seat(group, actor):
    staff.raise_waitlist_priority(booking_id=seat(group).pk, actor=actor)


def cancel_without_reason(group, actor):
    staff.cancel_booking_by_staff(booking_id=seat(group).pk, actor=actor, reason="  ")


def seat_by_hand_when_full(group, actor):
    staff.give_seat_by_hand(booking_id=in_line(group).pk, actor=actor, offer=False)


def move_to_end_before_start(group, actor):
    session = group.sessions.get()
    staff.move_session(
        session_id=session.pk,
        actor=actor,
        starts_at=session.starts_at,
        ends_at=session.starts_at - timedelta(hours=1),
    )


def move_to_end_when_it_starts(group, actor):
    session = group.sessions.get()
    staff.move_session(
        session_id=session.pk, actor=actor, starts_at=session.starts_at, ends_at=session.starts_at
    )


def move_a_cancelled_session(group, actor):
    session = group.sessions.get()
    Session.objects.filter(pk=session.pk).update(is_cancelled=True)
    starts = session.starts_at + timedelta(days=1)
    staff.move_session(
        session_id=session.pk, actor=actor, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )


def cancel_a_cancelled_session(group, actor):
    session = group.sessions.get()
    Session.objects.filter(pk=session.pk).update(is_cancelled=True)
    staff.cancel_session(session_id=session.pk, actor=actor)


def delete_a_booked_offering(group, actor):
    editing.delete_offering(offering_id=group.pk, actor=actor)


def delete_a_session_with_attendance(group, actor):
    session = group.sessions.get()
    Attendance.objects.create(booking=seat(group), session=session, mark=AttendanceMark.PRESENT)
    group.bookings.update(status=BookingStatus.CANCELLED)  # only the mark keeps it
    editing.delete_session(session_id=session.pk, actor=actor)


def delete_a_booked_session(group, actor):
    editing.delete_session(session_id=group.sessions.get().pk, actor=actor)


def move_a_session_to_another_group(group, actor):
    other = Offering.objects.create(program=group.program, title="Annan", capacity=4)
    editing.update_session(
        session_id=group.sessions.get().pk, actor=actor, changes={"offering": other}
    )


def cancel_a_cancelled_group(group, actor):
    Offering.objects.filter(pk=group.pk).update(status=OfferingStatus.CANCELLED)
    offering_cancellation.cancel_offering(offering_id=group.pk, actor=actor)


def negative_capacity(group, actor):
    change_capacity(offering_id=group.pk, capacity=-1)


def book_twice(group, actor):
    book_offering(offering_id=group.pk, email=seat(group).email, name="Igen")


def book_before_it_opens(group, actor):
    opens = timezone.make_aware(datetime(2031, 3, 4, 18, 30))  # in Stockholm's time
    Offering.objects.filter(pk=group.pk).update(booking_opens_at=opens)
    book_offering(offering_id=group.pk, email="tidig@example.org", name="Tidig")


def book_after_it_closed(group, actor):
    Offering.objects.filter(pk=group.pk).update(
        booking_closes_at=timezone.now() - timedelta(hours=1)
    )
    book_offering(offering_id=group.pk, email="sen@example.org", name="Sen")


def phone_a_full_group_without_waitlist(group, actor):
    """The seat is held by a household booked by phone (no address) and the group keeps no
    waitlist: a second household without an address is told it is full, not that it has a
    booking already."""
    Booking.objects.filter(pk=seat(group).pk).update(email="")
    Offering.objects.filter(pk=group.pk).update(waitlist_policy=WaitlistPolicy.NONE)
    staff.add_booking_by_staff(offering_id=group.pk, actor=actor, name="Ringde")


def too_many_persons(group, actor):
    Offering.objects.filter(pk=group.pk).update(max_persons_per_booking=2)
    book_offering(offering_id=group.pk, email="stor@example.org", name="Stor", persons=3)


def add_to_a_cancelled_group(group, actor):
    Offering.objects.filter(pk=group.pk).update(status=OfferingStatus.CANCELLED)
    staff.add_booking_by_staff(offering_id=group.pk, actor=actor, name="Ringde")


def cancel_twice(group, actor):
    booking_id = seat(group).pk
    cancel_booking(booking_id=booking_id)
    cancel_booking(booking_id=booking_id)


def withdraw_twice(group, actor):
    registration = register_interest(
        program_id=group.program_id, email="intresse@example.org", name="Sara"
    )
    withdraw_interest(registration_id=registration.pk)
    withdraw_interest(registration_id=registration.pk)


REFUSALS = {
    "unknown booking": (raise_unknown, "not_found", "We could not find that booking."),
    "not waiting": (raise_a_seat, "not_waitlisted", "This booking is not on the waitlist."),
    "no reason": (cancel_without_reason, "invalid", "Write a reason: the parent is told why."),
    "no seat free": (
        seat_by_hand_when_full,
        "full",
        "No seat is free for this household. Raise the capacity first.",
    ),
    "ends before it starts": (
        move_to_end_before_start,
        "invalid",
        "The session must end after it starts.",
    ),
    "ends when it starts": (
        move_to_end_when_it_starts,
        "invalid",
        "The session must end after it starts.",
    ),
    "move a cancelled session": (
        move_a_cancelled_session,
        "cancelled",
        "This session is cancelled.",
    ),
    "cancel a cancelled session": (
        cancel_a_cancelled_session,
        "cancelled",
        "This session is already cancelled.",
    ),
    "delete a booked group": (
        delete_a_booked_offering,
        "has_bookings",
        "This offering has bookings, so it cannot be deleted. "
        "Set its status to “Cancelled” instead.",
    ),
    "delete a session with attendance": (
        delete_a_session_with_attendance,
        "has_bookings",
        "Attendance has been recorded for this session, so it cannot be deleted. "
        "Mark it as cancelled instead.",
    ),
    "delete a booked session": (
        delete_a_booked_session,
        "has_bookings",
        "Parents have booked this group, so the session cannot be deleted. "
        "Mark it as cancelled instead, so that their calendars can be updated.",
    ),
    "session to another group": (
        move_a_session_to_another_group,
        "invalid",
        "A session cannot move to another group. Add a session to that group instead.",
    ),
    "cancel a cancelled group": (
        cancel_a_cancelled_group,
        "cancelled",
        "This group is already cancelled.",
    ),
    "negative capacity": (negative_capacity, "invalid", "Capacity cannot be negative."),
    "book twice": (book_twice, "duplicate", "You already have a booking for this group."),
    "not open yet": (
        book_before_it_opens,
        "not_open",
        ("Booking opens on %(date)s.", {"date": "2031-03-04 18:30"}),
    ),
    "closed": (book_after_it_closed, "closed", "Booking for this group is closed."),
    "full, no waitlist": (
        phone_a_full_group_without_waitlist,
        "full",
        "Sorry, this group is full.",
    ),
    "too many persons": (
        too_many_persons,
        "too_many_persons",
        ("At most %(count)d persons can come per booking.", {"count": 2}),
    ),
    "staff add to a cancelled group": (
        add_to_a_cancelled_group,
        "closed",
        "This group is cancelled.",
    ),
    "cancel twice": (cancel_twice, "not_active", "This booking can no longer be changed."),
    "withdraw twice": (
        withdraw_twice,
        "not_active",
        "This registration is no longer on the interest list.",
    ),
}


@pytest.mark.parametrize("refusal", REFUSALS)
def test_a_refusal_says_why_in_the_readers_language(full_group, actor, refusal):
    attempt, code, sentence = REFUSALS[refusal]
    sentence, values = sentence if isinstance(sentence, tuple) else (sentence, None)
    with translation.override("sv"):
        expected = gettext(sentence) if values is None else gettext(sentence) % values
        with pytest.raises(BookingError) as refused:
            attempt(full_group, actor)

    assert expected != sentence  # translated: a changed message id would show in English
    assert (refused.value.code, str(refused.value)) == (code, expected)


def test_a_second_registration_points_at_the_households_own_waiting_one(make_offering):
    """The refusal links to the registration already waiting for this program and address,
    not to one for another program, another address, or one withdrawn earlier."""
    program, other_program = make_offering().program, make_offering().program
    earlier = timezone.now() - timedelta(days=30)
    for program_id, email in ((other_program.pk, "sara@example.org"), (program.pk, "per@x.org")):
        register_interest(program_id=program_id, email=email, name="X", registered_at=earlier)
    withdrawn = register_interest(
        program_id=program.pk, email="sara@example.org", name="Sara", registered_at=earlier
    )
    withdraw_interest(registration_id=withdrawn.pk)
    own = register_interest(program_id=program.pk, email="sara@example.org", name="Sara")

    with pytest.raises(BookingError) as refused:
        register_interest(program_id=program.pk, email="SARA@example.org", name="Sara")

    assert (refused.value.code, refused.value.registration) == ("duplicate", own)
