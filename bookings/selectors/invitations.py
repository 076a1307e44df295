"""Reads about a program's interest list as a new group invites it: who is next in line, who
must be phoned, and an invitation found by the link in its e-mail."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from bookings.models import InterestInvitation, InterestStatus, Offering
from bookings.models.booking import is_token_shaped

from .interest import waiting_list
from .offerings import sessions_with_venues_prefetch


def can_be_invited(offering: Offering) -> Q:
    """Registrations an e-mail can invite to `offering`: with an address, and no more persons
    than one booking of it may bring (the others are staff's to phone)."""
    return ~Q(email="") & Q(persons__lte=offering.max_persons_per_booking)


@dataclass(frozen=True)
class InterestCounts:
    waiting: int  # households on the program's interest list
    to_phone: int  # of those, the ones no e-mail can invite (see `can_be_invited`)


def interest_counts(offering: Offering) -> InterestCounts:
    """How many households wait for `offering`'s program, and how many staff must phone."""
    waiting = waiting_list(program_id=offering.program_id)
    total = waiting.count()
    return InterestCounts(
        waiting=total,
        to_phone=total - waiting.filter(can_be_invited(offering)).count() if total else 0,
    )


def invitation_by_token(*, token: str) -> InterestInvitation | None:
    """The invitation an e-mail's link points at, with its household, group, program and
    sessions; None for a token that matches none (one no token could be, without a query)."""
    if not is_token_shaped(token):
        return None
    return (
        InterestInvitation.objects.select_related(
            "registration", "booking", "offering__program", "offering__venue"
        )
        .prefetch_related(sessions_with_venues_prefetch("offering__sessions"))
        .filter(token=token)
        .first()
    )


class InvitationState(enum.StrEnum):
    USABLE = "usable"
    USED = "used"  # the household booked with it
    LEFT_LIST = "left_list"  # the household withdrew, or booked another group of the program
    EXPIRED = "expired"  # a batch invitation whose time ran out


def invitation_state(invitation: InterestInvitation, *, now: datetime) -> InvitationState:
    """What the invitation's page can offer. `book_offering` checks the same again under the
    offering's lock, in one UPDATE (`services.booking._use_invitation`)."""
    if invitation.booking_id is not None:
        return InvitationState.USED
    if invitation.registration.status != InterestStatus.WAITING:
        return InvitationState.LEFT_LIST
    if invitation.expires_at is not None and invitation.expires_at <= now:
        return InvitationState.EXPIRED
    return InvitationState.USABLE
