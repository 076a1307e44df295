"""Keeping an offering's stored dates (`first_session_at`, `last_session_ends_at`) true to its
sessions.

Every writer that adds, moves, cancels or deletes a session calls `refresh_offering_dates()` in
the same transaction, after the change (`editing`, `staff`; loaders that bulk-create sessions
call it once for what they made). The rule itself lives in `selectors.ending`.
"""

from __future__ import annotations

from collections.abc import Iterable

from bookings.models import Offering
from bookings.selectors.ending import offering_ends_at, offering_starts_at


def refresh_offering_dates(*, offering_ids: Iterable[int] | None = None) -> int:
    """Read the first start and the end of these offerings (every offering when None) from
    their sessions and store them, in one UPDATE; returns how many offerings it updated."""
    offerings = Offering.objects.all()
    if offering_ids is not None:
        offerings = offerings.filter(pk__in=list(offering_ids))
    return offerings.update(
        first_session_at=offering_starts_at(), last_session_ends_at=offering_ends_at()
    )
