"""A program's interest list as organizers see it: who is waiting, counted by what suits them,
in line order; and the same list as a spreadsheet.

Contact details only where staff need them: a household with an e-mail address is invited by
e-mail when a group opens, so its name, phone and address stay out of the list and the file;
a household without one (added by staff after a phone call or a visit) can only be reached by
staff, so its name and phone are shown. A household is looked up by its address only when
staff act for it (a parent who phones to be taken off the list).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from bookings.models import (
    ChildAgeBand,
    InterestRegistration,
    InterestSource,
    InterestStatus,
    TimeOfDay,
    Weekday,
    group_language_choices,
)
from bookings.selectors.interest import waiting_list


def shows_contact(registration: InterestRegistration) -> bool:
    """Whether staff see this household's contact details (see the module docstring)."""
    return not registration.email


def place_in_line(registration: InterestRegistration) -> int:
    """1 for the first household waiting for the program's next group."""
    ahead = waiting_list(program_id=registration.program_id).filter(
        Q(registered_at__lt=registration.registered_at)
        | Q(registered_at=registration.registered_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def waiting_counts(program_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(households, persons) waiting per program, in one query."""
    rows = (
        InterestRegistration.objects.filter(
            program_id__in=list(program_ids), status=InterestStatus.WAITING
        )
        .order_by()
        .values_list("program_id", "persons")
    )
    counts: dict[int, tuple[int, int]] = {}
    for program_id, persons in rows:
        households, total = counts.get(program_id, (0, 0))
        counts[program_id] = (households + 1, total + persons)
    return counts


@dataclass(frozen=True)
class Tally:
    """Households (and their persons) that gave one answer to one question."""

    label: str
    households: int
    persons: int


@dataclass(frozen=True)
class Summary:
    households: int
    persons: int
    by_age: list[Tally]
    by_language: list[Tally]
    by_weekday: list[Tally]
    by_time: list[Tally]


def _tallies(choices: list[tuple], answers: list[tuple[list, int]], *, blank: str) -> list[Tally]:
    """One Tally per choice anyone gave (in the choices' order), then those who gave none."""
    households: Counter = Counter()
    persons: Counter = Counter()
    for values, count in answers:
        for value in values or [""]:
            households[value] += 1
            persons[value] += count
    labels = [*((value, capfirst(label)) for value, label in choices), ("", blank)]
    return [
        Tally(label, households[value], persons[value])
        for value, label in labels
        if households[value]
    ]


def interest_summary(*, program_id: int) -> Summary:
    """The waiting households counted by each preference, from one query."""
    rows = list(
        waiting_list(program_id=program_id).values_list(
            "persons",
            "child_age_band",
            "preferred_language",
            "preferred_weekdays",
            "preferred_time_of_day",
        )
    )

    def answers(index: int, *, many: bool = False) -> list[tuple[list, int]]:
        return [(row[index] if many else [row[index]], row[0]) for row in rows]

    return Summary(
        households=len(rows),
        persons=sum(row[0] for row in rows),
        by_age=_tallies(ChildAgeBand.choices, answers(1), blank=_("Not given")),
        by_language=_tallies(group_language_choices(), answers(2), blank=_("Any language")),
        by_weekday=_tallies(Weekday.choices, answers(3, many=True), blank=_("Any day")),
        by_time=_tallies(TimeOfDay.choices, answers(4), blank=_("Any time")),
    )


def label_of(choices, value) -> str:
    """A stored choice as its translated label ("" when blank or no longer a choice)."""
    return str(dict(choices).get(value, "")) if value not in ("", None) else ""


def preferences_text(registration: InterestRegistration) -> dict[str, str]:
    """The household's answers in words, "" where it gave none."""
    return {
        "age": label_of(ChildAgeBand.choices, registration.child_age_band),
        "language": label_of(group_language_choices(), registration.preferred_language),
        "weekdays": capfirst(
            ", ".join(label_of(Weekday.choices, day) for day in registration.preferred_weekdays)
        ),
        "time": label_of(TimeOfDay.choices, registration.preferred_time_of_day),
    }


def export_headers() -> list[str]:
    return [
        _("Place in line"),
        _("Registered"),
        _("Source"),
        _("Persons"),
        _("Child's age"),
        _("Preferred language"),
        _("Preferred days"),
        _("Preferred time of day"),
        _("Last invited"),
        _("How to reach"),
        _("Name"),
        _("Phone"),
    ]


def reached_by(registration: InterestRegistration) -> str:
    if shows_contact(registration):
        return _("Staff call them")
    return _("Invited by e-mail")


def export_rows(registrations: Iterable[InterestRegistration]) -> list[list]:
    """One row per household in line order, contact details only where staff need them."""
    rows = []
    for place, registration in enumerate(registrations, start=1):
        words = preferences_text(registration)
        contact = shows_contact(registration)
        rows.append(
            [
                place,
                registration.registered_at,
                label_of(InterestSource.choices, registration.source),
                registration.persons,
                words["age"],
                words["language"],
                words["weekdays"],
                words["time"],
                registration.last_invited_at,
                reached_by(registration),
                registration.name if contact else "",
                registration.phone if contact else "",
            ]
        )
    return rows
