"""When an offering has ended: one rule for listings, My pages, account deletion and retention.

An offering ends when its last session that takes place ends. If every session was cancelled,
it ends when the last one would have ended. Without any session it has not ended (it has not
started either); the retention job deals with such offerings by their last activity.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from bookings.models import Session

ENDS_AT = "last_session_ends_at"


def offering_ends_at(*, offering: str = "pk") -> Coalesce:
    """The end time of the offering found at `offering` in the outer query (its primary key
    by default; "offering_id" from a booking), as a correlated subquery."""
    sessions = Session.objects.filter(offering=OuterRef(offering)).order_by().values("offering")
    last = Max("ends_at")
    return Coalesce(
        Subquery(sessions.filter(is_cancelled=False).annotate(last=last).values("last")[:1]),
        Subquery(sessions.annotate(last=last).values("last")[:1]),
    )


def ended_filter(*, now: datetime, ends_at: str = ENDS_AT) -> Q:
    """Rows whose annotated end (`ends_at`) lies before `now`."""
    return Q(**{f"{ends_at}__lt": now})


def not_ended(queryset: QuerySet, *, now: datetime, ends_at: str = ENDS_AT) -> QuerySet:
    """Rows whose annotated end is still to come, or that have no sessions yet."""
    return queryset.filter(Q(**{f"{ends_at}__gte": now}) | Q(**{f"{ends_at}__isnull": True}))


def has_ended(ends_at: datetime | None, *, now: datetime) -> bool:
    """The same rule for one value read from `offering_ends_at()`."""
    return ends_at is not None and ends_at < now
