"""Messages to households on a program's interest list, written to the outbox as booking
messages are: what happened (the kind and its facts) in the caller's transaction, rendered and
sent by the worker (`interest_rendering`)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from bookings.models import InterestInvitation, OutboxMessage

# An invitation to book a new group (templates/emails/interest_invitation/).
INVITATION = "interest_invitation"


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
    ids = [row.pk for row in rows]

    def hand_over() -> None:
        # Imported here: the worker's task module imports delivery, which renders these.
        from .tasks import send_outbox_message

        for message_id in ids:
            send_outbox_message.enqueue(message_id=message_id)

    transaction.on_commit(hand_over)
    return rows
