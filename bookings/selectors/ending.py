"""When an offering runs and when it has ended: one rule for listings, My pages, account
deletion, statistics and retention.

An offering starts with its first session that takes place (not cancelled). It ends when its
last session that takes place ends. If every session was cancelled, it ends when the last one
would have ended. Without any session it has not ended (it has not started either); the
retention job deals with such offerings by their last activity.

`offering_starts_at()` and `offering_ends_at()` read this from the sessions;
`services.schedule.refresh_offering_dates()` stores the result on the offering
(`first_session_at`, `last_session_ends_at`, both indexed) whenever a session is added, moved,
cancelled or deleted, and every reader filters and sorts on those columns: with years of
history, "what has not ended" is an index range, not a look at every session ever held.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from bookings.models import Session

ENDS_AT = "last_session_ends_at"


def _per_offering(offering: str):
    return Session.objects.filter(offering=OuterRef(offering)).order_by().values("offering")


def offering_starts_at(*, offering: str = "pk") -> Subquery:
    """The start of the first session that takes place of the offering found at `offering`
    in the outer query, as a correlated subquery."""
    live = _per_offering(offering).filter(is_cancelled=False)
    return Subquery(live.annotate(first=Min("starts_at")).values("first")[:1])


def offering_ends_at(*, offering: str = "pk") -> Coalesce:
    """The end time of the offering found at `offering` in the outer query (its primary key
    by default; "offering_id" from a booking), as a correlated subquery."""
    sessions = _per_offering(offering)
    last = Max("ends_at")
    return Coalesce(
        Subquery(sessions.filter(is_cancelled=False).annotate(last=last).values("last")[:1]),
        Subquery(sessions.annotate(last=last).values("last")[:1]),
    )


def ended_filter(*, now: datetime, ends_at: str = ENDS_AT) -> Q:
    """Rows whose offering's end (the stored column at `ends_at`) lies before `now`."""
    return Q(**{f"{ends_at}__lt": now})


def not_ended_filter(*, now: datetime, ends_at: str = ENDS_AT) -> Q:
    """Rows whose offering's end is still to come, or that have no sessions yet."""
    return Q(**{f"{ends_at}__gte": now}) | Q(**{f"{ends_at}__isnull": True})


def not_ended(queryset: QuerySet, *, now: datetime, ends_at: str = ENDS_AT) -> QuerySet:
    """`queryset` narrowed to `not_ended_filter()`."""
    return queryset.filter(not_ended_filter(now=now, ends_at=ends_at))


def has_ended(ends_at: datetime | None, *, now: datetime) -> bool:
    """The same rule for one stored end (`Offering.last_session_ends_at`)."""
    return ends_at is not None and ends_at < now
