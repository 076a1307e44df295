"""A program page's dates: its upcoming groups, the soonest in full, the rest page by page.

A program may run a handful of groups or a thousand single dates. The page shows `PAGE_SIZE`
groups at a time, soonest first, each with its sessions and seats, and links to the next
pages; when there are more than one page's worth, a parent can narrow them to a day of the
week, a time of day and groups with a free seat, so every bookable group can be found. Plain
links and a GET form: it works without JavaScript. Three queries whatever the program holds:
the counts, one page of groups, and their sessions; two when they all fit on one page. Whether
any group can be booked now (else the page offers the interest list) comes with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Offering
from bookings.models.preferences import HOURS, TimeOfDay, Weekday
from bookings.selectors import (
    availability_of,
    sessions_with_venues_prefetch,
    upcoming_offerings,
)
from bookings.selectors.availability import free_seats_filter

PAGE_SIZE = 10


class DateFilterForm(forms.Form):
    """The dates' filters; each is optional and they combine with AND."""

    day = forms.TypedChoiceField(
        label=_("Day"),
        # ISO weekdays: Monday is 1.
        choices=[("", _("Any day")), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    time = forms.ChoiceField(
        label=_("Time of day"), choices=[("", _("Any time")), *TimeOfDay.choices], required=False
    )
    free_seats = forms.BooleanField(label=_("Only groups with free seats"), required=False)


def _criteria(form: DateFilterForm) -> dict:
    """The filters a parent set (an invalid form sets none)."""
    if not form.is_valid():
        return {}
    return {name: value for name, value in form.cleaned_data.items() if value}


def chosen_filter(criteria: dict, *, now: datetime) -> Q:
    """The offerings that match the form's `criteria` (on the first session, local time)."""
    chosen = Q()
    if criteria.get("day"):
        chosen &= Q(first_session_at__iso_week_day=criteria["day"])
    if criteria.get("time"):
        first, before = HOURS[TimeOfDay(criteria["time"])]
        chosen &= Q(first_session_at__hour__gte=first, first_session_at__hour__lt=before)
    if criteria.get("free_seats"):
        chosen &= free_seats_filter(now=now)
    return chosen


@dataclass(frozen=True)
class ProgramDates:
    """What the dates section shows."""

    form: DateFilterForm
    page: Page  # this page's offerings, each with `.availability` and its sessions
    total: int  # upcoming groups before any filter
    matching: int  # those that match the filters
    program_id: int
    bookable: bool  # a group can be booked now (open, a seat left), on this page or another

    @property
    def offers_interest(self) -> bool:
        """No group to book now (none open, or every open one full): the parent may join the
        program's interest list instead."""
        return not self.bookable

    @property
    def offerings(self) -> list[Offering]:
        return list(self.page.object_list)

    @property
    def has_filters(self) -> bool:
        """Offer the filters when there is more than one page of groups to look through."""
        return self.total > PAGE_SIZE

    @property
    def is_filtered(self) -> bool:
        return self.matching != self.total


def program_dates(*, program, params: QueryDict, now: datetime | None = None) -> ProgramDates:
    """The upcoming groups of `program` on the page asked for in `params` (?page=), narrowed
    by the filters in it (an invalid filter is ignored, an invalid page number gives the
    nearest page)."""
    now = now or timezone.now()
    form = DateFilterForm(params)
    criteria = _criteria(form)
    chosen = chosen_filter(criteria, now=now)
    upcoming = upcoming_offerings(now=now).filter(program=program)
    offerings = (
        upcoming.filter(chosen)
        .select_related("venue")
        .prefetch_related(sessions_with_venues_prefetch())
    )
    # The first page with no filter is read with one group more than fits: when they all
    # fit, nothing needs counting.
    first = None
    if not criteria and params.get("page", "1") == "1":
        first = list(offerings[: PAGE_SIZE + 1])
    if first is not None and len(first) <= PAGE_SIZE:
        total = matching = len(first)
        page = Paginator(first, PAGE_SIZE).page(1)
        bookable = None  # read from the groups themselves below
    else:
        # One query, over the offerings' own rows, with whether any group can be booked now.
        counts = upcoming.aggregate(
            total=Count("pk"),
            matching=Count("pk", filter=chosen),
            bookable=Count("pk", filter=free_seats_filter(now=now)),
        )
        total, matching, bookable = counts["total"], counts["matching"], counts["bookable"] > 0
        paginator = Paginator(offerings, PAGE_SIZE)
        paginator.count = matching  # known already: no second COUNT
        page = paginator.get_page(params.get("page"))
        page.object_list = first[:PAGE_SIZE] if first is not None else list(page.object_list)
    for offering in page.object_list:
        offering.availability = availability_of(offering, now=now)
    if bookable is None:
        bookable = any(offering.availability.can_book_seat for offering in page.object_list)
    return ProgramDates(
        form=form,
        page=page,
        total=total,
        matching=matching,
        program_id=program.pk,
        bookable=bookable,
    )
