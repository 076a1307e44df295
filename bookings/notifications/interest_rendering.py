"""The worker's half of a message to a household on an interest list: render the outbox row
when it is sent, in the household's language, from its group's municipality.

Like a booking message (`rendering`), the row records what happened (an invitation) and the
rest is read when it is rendered: the group's dates and place as they are now, when public
booking opens (the end of a priority window), and the invitation's own deadline (batches).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from bookings import selectors
from bookings.models import InterestInvitation, InviteMode, OutboxMessage
from bookings.site_urls import root_url_for

from .rendering import BookingGone, render_email
from .senders import sender_for

# An invitation to book a new group (templates/emails/interest_invitation/).
INVITATION = "interest_invitation"


class RegistrationGone(BookingGone):
    """The registration or invitation the message is about no longer exists."""


def is_interest_message(message: OutboxMessage) -> bool:
    return message.kind == INVITATION


def invitation_url(invitation: InterestInvitation) -> str:
    """The invitation's booking page on its group's own site, in the household's language."""
    registration = invitation.registration
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        path = reverse("bookings:invitation", args=[invitation.token])
    return root_url_for(invitation.offering.program) + path


def _invitation_of(message: OutboxMessage) -> InterestInvitation:
    facts = message.facts or {}
    invitation = (
        InterestInvitation.objects.select_related(
            "registration", "offering__program", "offering__venue"
        )
        .prefetch_related(selectors.sessions_with_venues_prefetch("offering__sessions"))
        .filter(pk=facts.get("invitation"), registration_id=message.interest_registration_id)
        .first()
    )
    if invitation is None:
        raise RegistrationGone
    return invitation


def render_interest_message(message: OutboxMessage) -> dict:
    """The row's subject, bodies and sender, rendered now (see above)."""
    invitation = _invitation_of(message)
    registration = invitation.registration
    offering = invitation.offering
    program = offering.program
    sender = sender_for(program)
    link = invitation_url(invitation)
    priority = offering.invite_mode == InviteMode.PRIORITY_WINDOW
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        context = {
            "site_name": sender.name,
            "signature": sender.signature,
            "language": translation.get_language(),
            # The shared layout greets `booking.name` and counts `booking.persons`: a
            # registration has both.
            "booking": registration,
            "registration": registration,
            "offering": offering,
            "program": program,
            "sessions": list(offering.sessions.all()),
            "manage_url": link,
            "contact": program.contact,
            "public_booking_opens": offering.booking_opens_at if priority else None,
            "deadline": invitation.expires_at,
        }
        subject, text, html = render_email(message.kind, context)
    return {
        "subject": subject[: OutboxMessage._meta.get_field("subject").max_length],
        "body_text": text,
        "body_html": html,
        "attachments": [],
        "from_email": sender.from_email,
        "reply_to": sender.reply_to,
    }
