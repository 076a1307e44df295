"""Carrying a waitlist over to the program's next group, with each household's consent.

Once a group has started (its stored first session is past) nobody more can book it, so the
households still on its waitlist are asked, once and by e-mail, whether to keep a place for the
program's next group; a group whose every session was cancelled asks when it has ended. A yes
puts the household on the program's interest list, in line from the time it joined the
waitlist; a no keeps nothing. What happens to the waitlisted booking itself is not changed here.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from bookings.models import (
    Booking,
    BookingStatus,
    InterestRegistration,
    InterestSource,
    InterestStatus,
    OfferingStatus,
)
from bookings.notifications.messages import BookingEmail, queue_booking_email

from . import locking
from .errors import BookingError
from .interest import register_interest, withdraw_interest

# A group that ended longer ago than this asks nobody: a question about a waitlist from long
# ago (e.g. the first run after an upgrade) would puzzle more than help.
ASK_UNTIL_AFTER_END = timedelta(days=30)


class NextGroupAnswer(enum.StrEnum):
    """What an answer to the question did."""

    KEPT = "kept"
    ALREADY_KEPT = "already_kept"
    ALREADY_ON_LIST = "already_on_list"
    NOT_KEPT = "not_kept"
    NOTHING_TO_CARRY = "nothing_to_carry"


def _not_yet_asked(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    """Households still waiting that have an address and were not asked yet."""
    return bookings.filter(
        status=BookingStatus.WAITLISTED, next_group_asked_at__isnull=True
    ).exclude(email="")


def _due_offering_ids(*, now: datetime) -> list[int]:
    """Offerings that have started or ended (not long ago) with someone still to ask."""
    started_or_ended = Q(offering__first_session_at__lte=now) | Q(
        offering__last_session_ends_at__lt=now
    )
    due = _not_yet_asked(Booking.objects.filter(started_or_ended)).filter(
        offering__last_session_ends_at__gte=now - ASK_UNTIL_AFTER_END
    )
    due = due.exclude(offering__status=OfferingStatus.CANCELLED)
    return list(due.order_by().values_list("offering_id", flat=True).distinct())


def ask_waitlists_about_next_group(*, now: datetime | None = None) -> int:
    """Ask every household still waiting for a started (or ended) group whether to keep a
    place for the next one; returns how many were asked. Safe to run often and twice at once.

    Each offering is handled under its lock, and the households are read under it: a second
    run at the same moment waits, then finds them asked and queues nothing; a promotion
    racing the question either comes first (the household is no longer waiting and is not
    asked) or after (it was asked while waiting, and its answer page then says it has a seat).
    """
    now = now or timezone.now()
    asked = 0
    for offering_id in _due_offering_ids(now=now):
        with transaction.atomic():
            locking.lock_offering(offering_id=offering_id)
            waiting = list(_not_yet_asked(Booking.objects.filter(offering_id=offering_id)))
            Booking.objects.filter(pk__in=[booking.pk for booking in waiting]).update(
                next_group_asked_at=now, updated_at=now
            )
            for booking in waiting:
                queue_booking_email(booking=booking, kind=BookingEmail.NEXT_GROUP_QUESTION)
            asked += len(waiting)
    return asked


def may_carry_over(booking: Booking) -> bool:
    """Whether a yes can still put this booking's household on the interest list: it was
    asked and is still waiting (one that got a seat meanwhile has nothing to carry over)."""
    return bool(
        booking.status == BookingStatus.WAITLISTED
        and booking.next_group_asked_at is not None
        and booking.email
    )


def carried_registration(booking: Booking) -> InterestRegistration | None:
    """The registration a yes to this booking's question made, if any."""
    return InterestRegistration.objects.filter(carried_over_from=booking).first()


def answer_next_group_question(
    *, booking_id: int, keep: bool, now: datetime | None = None
) -> NextGroupAnswer:
    """The household's answer: keep a place for the next group (`keep`) or not.

    A yes registers the household's interest in the program, in line from the time it joined
    the waitlist, once: a second yes, or a yes from a household already on the list, adds
    nothing. A no keeps nothing, and takes back an earlier yes that is still waiting. Runs
    under the offering's lock (`lock_booking`), so two answers sent at once end in one outcome
    and a promotion cannot slip between the check and the registration.
    """
    now = now or timezone.now()
    with transaction.atomic():
        booking = locking.lock_booking(booking_id=booking_id)
        carried = (
            InterestRegistration.objects.select_for_update()
            .filter(carried_over_from=booking)
            .first()
        )
        waiting = carried is not None and carried.status == InterestStatus.WAITING
        if not keep:
            if waiting:
                withdraw_interest(registration_id=carried.pk, now=now)
            return NextGroupAnswer.NOT_KEPT
        if waiting:
            return NextGroupAnswer.ALREADY_KEPT
        if not may_carry_over(booking):
            return NextGroupAnswer.NOTHING_TO_CARRY
        if carried is not None:
            return _keep_again(carried)
        try:
            register_interest(
                program_id=booking.offering.program_id,
                email=booking.email,
                name=booking.name,
                phone=booking.phone,
                persons=booking.persons,
                child_age_band=booking.child_age_band,
                user=booking.user,
                source=InterestSource.WAITLIST,
                language=booking.language,
                registered_at=booking.waitlisted_at,
                carried_over_from=booking,
                now=now,
            )
        except BookingError as error:
            if error.code != "duplicate":
                raise
            return NextGroupAnswer.ALREADY_ON_LIST
    return NextGroupAnswer.KEPT


def _keep_again(carried: InterestRegistration) -> NextGroupAnswer:
    """A yes after a no (or after withdrawing): the same registration waits again, in its
    old place. One that booked a group since has nothing left to carry over."""
    if carried.status != InterestStatus.WITHDRAWN:
        return NextGroupAnswer.NOTHING_TO_CARRY
    carried.status = InterestStatus.WAITING
    carried.withdrawn_at = None
    try:
        with transaction.atomic():
            carried.save(update_fields=["status", "withdrawn_at", "updated_at"])
    except IntegrityError:
        # Registered again meanwhile (e.g. on the program page): that one waits.
        return NextGroupAnswer.ALREADY_ON_LIST
    return NextGroupAnswer.KEPT
