"""Reads for program pages: the site's program index, the listing filters and the listing.

The listing fetches everything its cards show in a constant number of queries, however many
programs and offerings there are: one query for the programs (with "has free seats now"
annotated), one for their languages, one for their upcoming offerings (each with its next
session's start). Seats and booking windows come from `bookings.selectors`, the one place
availability is computed; a card's date is that of the group its booking state is about.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Offering, Session
from bookings.selectors import (
    WindowState,
    availability_of,
    has_free_seats_now,
    upcoming_offerings,
)

from .models import Language, ProgramFormat, ProgramIndexPage, ProgramKind, ProgramPage

MAX_CHILD_AGE = 21


def program_index_for_site(home_page) -> ProgramIndexPage | None:
    """The live program index directly below a site's home page, or None."""
    if home_page is None:
        return None
    return ProgramIndexPage.objects.live().child_of(home_page).order_by("path").first()


class ProgramFilterForm(forms.Form):
    """The listing's filters; every field is optional and they combine with AND."""

    kind = forms.ChoiceField(
        label=_("Kind of program"),
        choices=[("", _("All kinds")), *ProgramKind.choices],
        required=False,
    )
    child_age = forms.IntegerField(
        label=_("Your child's age"),
        help_text=_("In years, from 0 to 21."),
        min_value=0,
        max_value=MAX_CHILD_AGE,
        required=False,
    )
    language = forms.ModelChoiceField(
        label=_("Language"),
        queryset=Language.objects.order_by("name"),
        empty_label=_("All languages"),
        required=False,
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Any format")), *ProgramFormat.choices],
        required=False,
    )
    free_seats = forms.BooleanField(label=_("Only programs with free seats now"), required=False)

    def clean(self):
        cleaned = super().clean()
        # Empty choices mean "any"; the selector expects None for those.
        for name in ("kind", "format"):
            cleaned[name] = cleaned.get(name) or None
        return cleaned


class ListingState(enum.StrEnum):
    """What a program's card says about booking, best news first."""

    FREE_SEATS = "free_seats"
    WAITLIST = "waitlist"
    NOT_YET_OPEN = "not_yet_open"
    FULL = "full"
    CLOSED = "closed"
    NO_DATES = "no_dates"


@dataclass(frozen=True)
class ListingStatus:
    """A card's booking state and the group it is about: the first group a parent can book,
    else the first whose waitlist they can join, else the first to open for booking. Full and
    closed states name no group: there is none a parent can act on."""

    state: ListingState
    opens_at: datetime | None = None
    offering: Offering | None = None

    @property
    def next_session_at(self) -> datetime | None:
        """The start of the next session of the group the card is about."""
        return getattr(self.offering, "next_session_at", None)


def _next_session_of_offering(now: datetime) -> Subquery:
    """The start of an offering's next session that is not cancelled."""
    upcoming = Session.objects.filter(
        offering=OuterRef("pk"), is_cancelled=False, starts_at__gte=now
    ).order_by("starts_at")
    return Subquery(upcoming.values("starts_at")[:1])


def listing_status(program: ProgramPage) -> ListingStatus:
    """The booking state a card shows, from the offerings `filter_programs` prefetched (soonest
    first, each with `.availability`)."""
    offerings = program.upcoming_offerings
    for state, can in (
        (ListingState.FREE_SEATS, lambda a: a.can_book_seat),
        (ListingState.WAITLIST, lambda a: a.can_join_waitlist),
    ):
        found = next((o for o in offerings if can(o.availability)), None)
        if found is not None:
            return ListingStatus(state, offering=found)
    opening = [o for o in offerings if o.availability.window == WindowState.NOT_YET_OPEN]
    if opening:
        first = min(opening, key=lambda o: o.availability.opens_at)
        return ListingStatus(
            ListingState.NOT_YET_OPEN, opens_at=first.availability.opens_at, offering=first
        )
    if any(o.availability.is_open for o in offerings):
        return ListingStatus(ListingState.FULL)
    if offerings:
        return ListingStatus(ListingState.CLOSED)
    return ListingStatus(ListingState.NO_DATES)


def filter_programs(
    *,
    index_page: ProgramIndexPage,
    kind: str | None = None,
    child_age: int | None = None,
    language: Language | None = None,
    format: str | None = None,  # the field's name on ProgramPage
    free_seats: bool = False,
    now: datetime | None = None,
) -> list[ProgramPage]:
    """Live programs below `index_page` that match every given filter, ordered by title.

    Each program carries `has_free_seats`, `upcoming_offerings` (each with `.availability`
    and `next_session_at`), `listing_status` and `next_session_at` (the next session of the
    group the status is about, None when no group can be booked, waitlisted or is about to
    open), so a card needs no further queries.
    """
    now = now or timezone.now()
    programs = ProgramPage.objects.live().child_of(index_page)
    if kind:
        programs = programs.filter(kind=kind)
    if child_age is not None:
        programs = programs.filter(child_age_min__lte=child_age, child_age_max__gte=child_age)
    if language is not None:
        programs = programs.filter(languages=language)
    if format:
        programs = programs.filter(format=format)
    programs = programs.annotate(has_free_seats=has_free_seats_now(now=now))
    if free_seats:
        programs = programs.filter(has_free_seats=True)
    programs = programs.prefetch_related(
        Prefetch("languages", queryset=Language.objects.order_by("name")),
        Prefetch(
            "offerings",
            queryset=upcoming_offerings(now=now).annotate(
                next_session_at=_next_session_of_offering(now)
            ),
            to_attr="upcoming_offerings",
        ),
    ).order_by("title", "pk")

    result = list(programs)
    for program in result:
        for offering in program.upcoming_offerings:
            offering.availability = availability_of(offering, now=now)
        program.listing_status = listing_status(program)
        program.next_session_at = program.listing_status.next_session_at
    return result
