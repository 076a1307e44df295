"""Reads for the parent's side of the interest list: which program a parent may register for,
whether it has a group to book instead or they already wait for it, and preferences in words."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Page, Site

from bookings.models import InterestRegistration, InterestStatus, Offering, Weekday

from .availability import free_seats_filter, with_availability


def _program_model():
    """The program page model, as the registration's foreign key names it (the engine does not
    import the programs app)."""
    return InterestRegistration._meta.get_field("program").related_model


def waiting_list(*, program_id: int) -> QuerySet[InterestRegistration]:
    """The households waiting for the program's next group, first in line first (registered
    first, invited first)."""
    return InterestRegistration.objects.filter(
        program_id=program_id, status=InterestStatus.WAITING
    ).order_by("registered_at", "pk")


def program_open_for_interest(*, program_id: int, site: Site | None) -> Page | None:
    """The live program page `program_id` in `site`'s page tree, or None: a program of another
    municipality, a draft or a page of another kind is not registered for here."""
    if site is None:
        return None
    return (
        _program_model().objects.live().descendant_of(site.root_page).filter(pk=program_id).first()
    )


def program_has_free_seats(*, program_id: int, now: datetime | None = None) -> bool:
    """Whether a group of the program can be booked right now (open, a seat left)."""
    now = now or timezone.now()
    offerings = with_availability(Offering.objects.filter(program_id=program_id))
    return offerings.filter(free_seats_filter(now=now)).exists()


def is_waiting(*, program_id: int, user) -> bool:
    """Whether the logged-in parent (their account, or its address) already waits for a group
    of the program."""
    if not user.is_authenticated:
        return False
    return (
        InterestRegistration.objects.filter(program_id=program_id, status=InterestStatus.WAITING)
        .filter(Q(user=user) | Q(email__iexact=user.email) & ~Q(email=""))
        .exists()
    )


def weekday_names(days: list[int]) -> list[str]:
    """Preferred ISO weekdays in the reader's language, Monday first."""
    return [str(Weekday(day).label) for day in sorted(days) if day in Weekday.values]
