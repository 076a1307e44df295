"""Reads for program pages: the site's program index, the listing filters and the listing.

The listing fetches everything its cards show in a constant number of queries, however many
programs and offerings there are: one query for the programs, each with the few offerings its
card's state depends on found by subqueries (`_status_annotations`), one for their languages,
and one for those offerings (each with its next session's start). Seats and booking windows
are the filters of `bookings.selectors.availability`, the one place availability is decided;
a card's date is that of the group its booking state is about.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db.models import Exists, F, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Offering, Session
from bookings.selectors import upcoming_offerings
from bookings.selectors.availability import (
    free_seats_filter,
    open_window_filter,
    waitlist_open_filter,
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


def _status_annotations(now: datetime) -> dict:
    """Per program (outer ref `pk`), what its card's state is decided from, each found among
    its upcoming offerings (soonest first) by index, however many it has: the first a parent
    can book, the first whose waitlist is open, the first to open for booking (by opening
    time), and whether any is open or upcoming at all."""
    upcoming = upcoming_offerings(now=now).filter(program=OuterRef("pk"))

    def first(rows, *order) -> Subquery:
        return Subquery((rows.order_by(*order) if order else rows).values("pk")[:1])

    return {
        "bookable_id": first(upcoming.filter(free_seats_filter(now=now))),
        "waitlist_id": first(upcoming.filter(waitlist_open_filter(now=now))),
        "opening_id": first(
            upcoming.filter(booking_opens_at__gt=now),
            "booking_opens_at",
            F("first_session_at").asc(nulls_last=True),
            "pk",
        ),
        "any_open": Exists(upcoming.filter(open_window_filter(now=now))),
        "any_upcoming": Exists(upcoming),
    }


def listing_status(program: ProgramPage, offerings: dict[int, Offering]) -> ListingStatus:
    """The booking state a card shows, from `_status_annotations()` and the offerings they
    name (`offerings`, by id, each with `next_session_at`)."""
    if program.bookable_id:
        return ListingStatus(ListingState.FREE_SEATS, offering=offerings[program.bookable_id])
    if program.waitlist_id:
        return ListingStatus(ListingState.WAITLIST, offering=offerings[program.waitlist_id])
    if program.opening_id:
        opening = offerings[program.opening_id]
        return ListingStatus(
            ListingState.NOT_YET_OPEN, opens_at=opening.booking_opens_at, offering=opening
        )
    if program.any_open:
        return ListingStatus(ListingState.FULL)
    if program.any_upcoming:
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

    Each program carries `has_free_seats`, `listing_status` and `next_session_at` (the next
    session of the group the status is about, None when no group can be booked, waitlisted
    or is about to open), so a card needs no further queries. Three queries, however many
    programs and offerings: the programs with their states, their languages, and the (at
    most three) offerings each state names.
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
    programs = programs.annotate(**_status_annotations(now))
    if free_seats:
        programs = programs.filter(bookable_id__isnull=False)
    programs = programs.prefetch_related(
        Prefetch("languages", queryset=Language.objects.order_by("name"))
    ).order_by("title", "pk")

    result = list(programs)
    named = {
        pk
        for program in result
        for pk in (program.bookable_id, program.waitlist_id, program.opening_id)
        if pk
    }
    offerings = (
        Offering.objects.filter(pk__in=named)
        .annotate(next_session_at=_next_session_of_offering(now))
        .in_bulk()
        if named
        else {}
    )
    for program in result:
        program.has_free_seats = program.bookable_id is not None
        program.listing_status = listing_status(program, offerings)
        program.next_session_at = program.listing_status.next_session_at
    return result
