"""Messages to households on a program's interest list, written to the outbox as booking
messages are: what happened (the kind and its facts) in the caller's transaction, rendered and
sent by the worker (`interest_rendering`)."""

from __future__ import annotations

from collections.abc import Sequence

from bookings.models import InterestInvitation, OutboxMessage

from .interest_rendering import INVITATION
from .outbox import hand_over_after_commit


def queue_invitation_emails(
    invitations: Sequence[InterestInvitation], *, site_id: int | None
) -> list[OutboxMessage]:
    """One outbox row per invitation (its registration with an address), in one INSERT; each
    is handed to the worker when the transaction commits. `site_id`: the group's municipality."""
    rows = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                kind=INVITATION,
                interest_registration_id=invitation.registration_id,
                site_id=site_id,
                recipient=invitation.registration.email,
                facts={"offering": invitation.offering_id, "invitation": invitation.pk},
            )
            for invitation in invitations
        ]
    )
    hand_over_after_commit([row.pk for row in rows])
    return rows
