"""A new group invites its program's interest list, in the way staff chose when opening it:

- a priority window (`InviteMode.PRIORITY_WINDOW`): every waiting household is e-mailed at
  once, and public booking opens only when the window ends (`booking_opens_at` is moved to
  its end); until then only a household with an invitation can book (`book_offering`);
- batches (`InviteMode.BATCHES`): households are invited in line order (`registered_at`), as
  many as there are seats neither booked nor held by an earlier invitation; each invitation
  holds its seats for the group's `offer_hours`, and the periodic job invites the next
  households when seats remain after invitations were used or ran out.

Every step takes the offering's lock first, like every seat decision, so inviting, the batch
job and bookings never see each other half done; a household is invited to one group at most
once (also the database's rule). Households with no address, or more persons than one
booking may bring, are left for staff to phone: they are counted, never e-mailed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import selectors
from bookings.audit import log_staff_action
from bookings.models import (
    InterestInvitation,
    InterestRegistration,
    InterestStatus,
    InviteMode,
    Offering,
    OfferingStatus,
)
from bookings.notifications.interest_messages import queue_invitation_emails
from bookings.selectors.interest import waiting_list
from bookings.selectors.invitations import can_be_invited, interest_counts
from bookings.selectors.offerings import published_not_ended

from . import locking
from .errors import BookingError

DEFAULT_PRIORITY_HOURS = 48
MOST_PRIORITY_HOURS = 24 * 30


@dataclass(frozen=True)
class Invited:
    """What inviting the list did."""

    invited: int  # households e-mailed an invitation now
    to_phone: int  # households on the list no e-mail can invite: staff phone them
    already: bool = False  # the list had been invited to this group before: nobody new


def invite_interest_list(
    *,
    offering_id: int,
    actor,
    mode: str | None = None,
    priority_hours: int = DEFAULT_PRIORITY_HOURS,
    now: datetime | None = None,
) -> Invited:
    """Invite the program's interest list to this published group (`mode`, else the one
    stored on the offering), once: a second call invites nobody and says so (`already`).

    Under the offering's lock: the mode and the time are recorded on the offering, the
    invitations and their e-mails (outbox rows) are written, and the staff log gets counts.
    """
    now = now or timezone.now()
    with transaction.atomic():
        offering = locking.lock_offering(offering_id=offering_id)
        if offering.interest_invited_at is not None:
            return Invited(invited=0, to_phone=0, already=True)
        mode = mode or offering.invite_mode
        if mode not in (InviteMode.PRIORITY_WINDOW, InviteMode.BATCHES):
            raise BookingError(_("Choose how to invite the interest list."), code="invalid")
        if offering.status != OfferingStatus.PUBLISHED:
            raise BookingError(
                _("Publish the group before inviting its interest list."), code="not_published"
            )
        log_data: dict = {"mode": mode}
        if mode == InviteMode.PRIORITY_WINDOW:
            offering.booking_opens_at = _priority_window_end(offering, priority_hours, now=now)
            invitees = list(
                waiting_list(program_id=offering.program_id).filter(
                    can_be_invited(offering)
                )
            )
            expires_at = None
            log_data["priority_hours"] = priority_hours
        else:
            invitees = _next_in_line(offering, now=now)
            expires_at = now + timedelta(hours=offering.offer_hours)
        offering.invite_mode = mode
        offering.interest_invited_at = now
        offering.save(
            update_fields=["invite_mode", "interest_invited_at", "booking_opens_at", "updated_at"]
        )
        invited = _invite(offering, invitees, now=now, expires_at=expires_at)
        to_phone = interest_counts(offering).to_phone
        log_staff_action(
            instance=offering,
            action="bookings.interest_invited",
            user=actor,
            data={**log_data, "invited": invited, "to_phone": to_phone},
        )
    return Invited(invited=invited, to_phone=to_phone)


def _priority_window_end(offering: Offering, hours: int, *, now: datetime) -> datetime:
    """When public booking opens after a window of `hours` from now: never earlier than it
    was to open anyway. Refused when booking would close (or the group start) by then."""
    if not 1 <= hours <= MOST_PRIORITY_HOURS:
        raise BookingError(
            _("The priority window lasts from 1 to %(most)d hours.")
            % {"most": MOST_PRIORITY_HOURS},
            code="invalid",
        )
    window_end = max(offering.booking_opens_at or now, now + timedelta(hours=hours))
    closes_at = offering.booking_closes_at or offering.first_session_at
    if closes_at is not None and window_end >= closes_at:
        raise BookingError(
            _(
                "Booking closes before the priority window would end. Choose a shorter "
                "window, or let booking close later."
            ),
            code="invalid",
        )
    return window_end


def _seats_held_by_invitations(offering: Offering, *, now: datetime) -> int:
    """Seats kept for batch invitations still running: not used, not run out, their
    household still waiting."""
    persons = InterestInvitation.objects.filter(
        offering=offering,
        booking__isnull=True,
        expires_at__gt=now,
        registration__status=InterestStatus.WAITING,
    ).values_list("registration__persons", flat=True)
    return sum(offering.seats_for(each) for each in persons)


def _next_in_line(offering: Offering, *, now: datetime) -> list[InterestRegistration]:
    """The households to invite next in batches: in line order, not yet invited to this
    group, as many as fit in the seats neither booked nor held by a running invitation. A
    household too large for the seats left is passed over and keeps its place (as on a
    waitlist)."""
    free = (
        offering.capacity
        - selectors.seats_taken(offering=offering)
        - _seats_held_by_invitations(offering, now=now)
    )
    batch: list[InterestRegistration] = []
    if free <= 0:
        return batch
    candidates = (
        waiting_list(program_id=offering.program_id)
        .filter(can_be_invited(offering))
        .exclude(invitations__offering=offering)
    )
    for registration in candidates.iterator(chunk_size=200):
        needed = offering.seats_for(registration.persons)
        if needed <= free:
            batch.append(registration)
            free -= needed
            if free == 0:
                break
    return batch


def _invite(
    offering: Offering,
    registrations: Iterable[InterestRegistration],
    *,
    now: datetime,
    expires_at: datetime | None,
) -> int:
    """Write the invitations, mark the households invited and queue their e-mails."""
    invitations = InterestInvitation.objects.bulk_create(
        [
            InterestInvitation(
                registration=registration, offering=offering, sent_at=now, expires_at=expires_at
            )
            for registration in registrations
        ]
    )
    if not invitations:
        return 0
    InterestRegistration.objects.filter(
        pk__in=[invitation.registration_id for invitation in invitations]
    ).update(last_invited_at=now)
    site = offering.program.get_site()
    queue_invitation_emails(invitations, site_id=site.pk if site else None)
    return len(invitations)


def invite_next_batch(*, offering_id: int, now: datetime | None = None) -> int:
    """Invite the next households in line to a group that invites in batches, when seats are
    free that no running invitation holds. Returns how many were invited (idempotent: run
    twice, the second run finds the seats held)."""
    now = now or timezone.now()
    with transaction.atomic():
        offering = locking.lock_offering(offering_id=offering_id)
        if (
            offering.invite_mode != InviteMode.BATCHES
            or offering.interest_invited_at is None
            or selectors.window_state(offering, first_session_at=offering.first_session_at, now=now)
            == selectors.WindowState.CLOSED
        ):
            return 0
        invited = _invite(
            offering,
            _next_in_line(offering, now=now),
            now=now,
            expires_at=now + timedelta(hours=offering.offer_hours),
        )
        if invited:
            log_staff_action(
                instance=offering,
                action="bookings.interest_next_batch",
                user=None,
                data={"invited": invited},
            )
    return invited


def invite_next_batches(*, now: datetime | None = None) -> int:
    """The periodic job: the next batch for every group still taking bookings that invites its
    interest list in batches. Returns how many households were invited."""
    now = now or timezone.now()
    offering_ids = published_not_ended(now=now).filter(
        invite_mode=InviteMode.BATCHES, interest_invited_at__isnull=False
    ).values_list("pk", flat=True)
    return sum(invite_next_batch(offering_id=pk, now=now) for pk in list(offering_ids))
