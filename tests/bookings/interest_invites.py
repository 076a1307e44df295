"""Helpers for the tests of inviting an interest list to a new group."""

from datetime import timedelta

from django.utils import timezone

from bookings.models import InterestInvitation, InterestRegistration
from bookings.services import book_offering, register_interest
from bookings.services.invitations import invite_interest_list

# Each household registered a minute after the one before, a month ago.
LINE_STARTS = timezone.now() - timedelta(days=30)


def register(program, n: int, **fields) -> InterestRegistration:
    """Household `n` on the program's interest list, `n` minutes into the line."""
    details = {
        "email": f"household{n}@example.org",
        "name": f"Hushåll {n}",
        "registered_at": LINE_STARTS + timedelta(minutes=n),
    }
    details.update(fields)
    return register_interest(program_id=program.pk, **details)


def invite(offering, mode: str, **fields):
    return invite_interest_list(offering_id=offering.pk, actor=None, mode=mode, **fields)


def invitation_of(registration, offering) -> InterestInvitation:
    return InterestInvitation.objects.select_related("registration", "offering").get(
        registration=registration, offering=offering
    )


def book_invited(invitation: InterestInvitation, *, offering=None, **fields):
    """Book as the invited household does from its invitation's page (`offering`: another
    group to try the token on)."""
    registration = invitation.registration
    details = {
        "email": registration.email,
        "name": registration.name,
        "persons": registration.persons,
        "invitation_token": invitation.token,
    }
    details.update(fields)
    return book_offering(offering_id=(offering or invitation.offering).pk, **details)


def book_uninvited(offering, email: str, **fields):
    return book_offering(offering_id=offering.pk, email=email, name="Någon", **fields)


def invited_ids(offering) -> list[int]:
    """The registrations invited to `offering`, in the order they were invited."""
    return list(
        InterestInvitation.objects.filter(offering=offering)
        .order_by("sent_at", "pk")
        .values_list("registration_id", flat=True)
    )
