"""Reads for program pages: the site's program index, the listing filters and the listing.

The listing fetches everything its cards show in a constant number of queries, however many
programs and offerings there are: one query for the programs, one for their languages, and two
that find each card's state and the group it is about, with that group's next session, among
the program's upcoming offerings (`card_statuses`). Seats and booking windows
are the filters of `bookings.selectors.availability`, the one place availability is decided;
a card's date is that of the group its booking state is about.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.conf import settings
from django.db.models import Case, F, OuterRef, Prefetch, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Offering, Session
from bookings.selectors import seats_taken_subquery
from bookings.selectors.availability import (
    has_waitlist_filter,
    open_window_filter,
    seat_left_filter,
)
from bookings.selectors.offerings import published_not_ended

from .localization import original, translations_by_key
from .models import Language, ProgramFormat, ProgramIndexPage, ProgramKind, ProgramPage

MAX_CHILD_AGE = 21


def program_index_for_site(home_page, request=None) -> ProgramIndexPage | None:
    """The live program index directly below a site's home page, or None; looked up once per
    `request` when one is given (the home page and the site's navigation both ask)."""
    if home_page is None:
        return None
    known = {} if request is None else request.__dict__.setdefault("_program_indexes", {})
    if home_page.pk not in known:
        pages = ProgramIndexPage.objects.live().child_of(home_page)
        known[home_page.pk] = pages.order_by("path").first()
    return known[home_page.pk]


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The select's options from one plain query (a model field's choices would read
        # them through a server-side cursor: three round trips for a handful of rows).
        field = self.fields["language"]
        languages = [(each.pk, field.label_from_instance(each)) for each in field.queryset]
        field.choices = [("", field.empty_label), *languages]

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
    else the first whose waitlist they can join, else the first to open for booking, with
    that group's next session. Full and closed states name no group: there is none a parent
    can act on."""

    state: ListingState
    opens_at: datetime | None = None
    offering_id: int | None = None
    next_session_at: datetime | None = None


# A card's states in order of preference; a state's number is its place here, from 1.
CARD_STATES = (
    ListingState.FREE_SEATS,
    ListingState.WAITLIST,
    ListingState.NOT_YET_OPEN,
    ListingState.FULL,
    ListingState.CLOSED,
)
# The states whose card names the group they are about.
ABOUT_A_GROUP = (ListingState.FREE_SEATS, ListingState.WAITLIST, ListingState.NOT_YET_OPEN)


def _card_state(now: datetime) -> Case:
    """Which state an upcoming offering (with `seats_taken`) would give its program's card, as
    its number in `CARD_STATES`: open with a seat left, open with a waitlist, open but full,
    opening later, closed."""
    return Case(
        When(
            open_window_filter(now=now),
            then=Case(
                When(seat_left_filter(), then=Value(1)),
                When(has_waitlist_filter(), then=Value(2)),
                default=Value(4),
            ),
        ),
        When(booking_opens_at__gt=now, then=Value(3)),
        default=Value(5),
    )


def _opening_and_next_session(offering_ids: list[int], *, now: datetime) -> dict[int, tuple]:
    """{offering id: (when booking opens, the start of its next session that takes place)}."""
    upcoming = Session.objects.filter(
        offering=OuterRef("pk"), is_cancelled=False, starts_at__gte=now
    ).order_by("starts_at")
    rows = (
        Offering.objects.filter(pk__in=offering_ids)
        .annotate(next_session_at=Subquery(upcoming.values("starts_at")[:1]))
        .values_list("pk", "booking_opens_at", "next_session_at")
    )
    return {pk: (opens_at, next_session_at) for pk, opens_at, next_session_at in rows}


def card_statuses(program_ids: list[int], *, now: datetime) -> dict[int, ListingStatus]:
    """Each program's card: its state and the upcoming offering it is about, with that
    offering's next session; programs with nothing upcoming are left out.

    Two queries, however many offerings. The first lists every upcoming offering of the
    programs (through the index of ends) as three numbers, the program, the state its card
    would have (computed in the database) and the offering, in the order a card picks:
    the best state first; within a state the soonest (the undated last), and among those
    opening later the first to open. The first row of each program is its card. The second
    reads the opening time and next session of those offerings. (Picking the first row per
    program in SQL takes a window whose ORDER BY repeats the state's expression: it costs
    more to compile than the short rows cost to read.)
    """
    states = (
        published_not_ended(now=now)
        .filter(program__in=program_ids)
        .annotate(seats_taken=seats_taken_subquery(), card_state=_card_state(now))
        .order_by(
            "program_id",
            "card_state",
            Case(When(booking_opens_at__gt=now, then=F("booking_opens_at"))).asc(),
            F("first_session_at").asc(nulls_last=True),
            "pk",
        )
        .values_list("program_id", "card_state", "pk")
    )
    chosen: dict[int, tuple[int, int]] = {}
    for program_id, number, offering_id in states:
        chosen.setdefault(program_id, (number, offering_id))
    about = [pk for number, pk in chosen.values() if CARD_STATES[number - 1] in ABOUT_A_GROUP]
    details = _opening_and_next_session(about, now=now) if about else {}
    statuses = {}
    for program_id, (number, offering_id) in chosen.items():
        state = CARD_STATES[number - 1]
        if state not in ABOUT_A_GROUP:
            statuses[program_id] = ListingStatus(state)
            continue
        opens_at, next_session_at = details[offering_id]
        statuses[program_id] = ListingStatus(
            state,
            opens_at=opens_at if state == ListingState.NOT_YET_OPEN else None,
            offering_id=offering_id,
            next_session_at=next_session_at,
        )
    return statuses


def filter_programs(
    *,
    index_page: ProgramIndexPage,
    kind: str | None = None,
    child_age: int | None = None,
    language: Language | None = None,
    format: str | None = None,  # the field's name on ProgramPage
    free_seats: bool = False,
    now: datetime | None = None,
    shown_in: str | None = None,
) -> list[ProgramPage]:
    """Live programs below `index_page` that match every given filter, ordered by title.

    Each program carries `has_free_seats`, `listing_status` and `next_session_at` (the next
    session of the group the status is about, None when no group can be booked, waitlisted
    or is about to open), so a card needs no further queries. Four queries, however many
    programs and offerings: the programs, their languages, and their cards' states (two).

    Programs are the Swedish originals (what is booked belongs to them); each also carries
    `shown`, what a visitor reading `shown_in` sees: its translation into that language where
    one is live, else itself (one more query, and one for a translated index page).
    """
    now = now or timezone.now()
    programs = ProgramPage.objects.live().child_of(original(index_page))
    if kind:
        programs = programs.filter(kind=kind)
    if child_age is not None:
        programs = programs.filter(child_age_min__lte=child_age, child_age_max__gte=child_age)
    if language is not None:
        programs = programs.filter(languages=language)
    if format:
        programs = programs.filter(format=format)
    programs = programs.prefetch_related(
        Prefetch("languages", queryset=Language.objects.order_by("name"))
    )
    result = list(programs.order_by("title", "pk"))
    cards = card_statuses([program.pk for program in result], now=now) if result else {}
    for program in result:
        program.listing_status = cards.get(program.pk, ListingStatus(ListingState.NO_DATES))
        program.has_free_seats = program.listing_status.state == ListingState.FREE_SEATS
        program.next_session_at = program.listing_status.next_session_at
    translated = translations_by_key(result, shown_in or settings.LANGUAGE_CODE)
    for program in result:
        program.shown = translated.get(program.translation_key, program)
    if free_seats:
        result = [program for program in result if program.has_free_seats]
    return result
