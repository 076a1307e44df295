"""Who may see which offerings' bookings in the staff admin.

An offering's bookings are shown to the staff assigned to it as organizers and to booking
administrators (superusers, or anyone holding `bookings.manage_all_offerings`). Model
permissions (view/change booking, offering, session) decide *what* a staff member may do;
this module decides *which offerings* they may do it for. Editors of program pages get
neither, so they never see a family's booking.

An offering (or a session or booking of one) the user may not see is answered as if it did not
exist, with a 404: a "permission denied" would tell an organizer which ids exist.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from bookings.models import Offering

ALL_OFFERINGS_PERMISSION = "bookings.manage_all_offerings"


def sees_all_offerings(user) -> bool:
    """Booking administrators see every offering; organizers only their own."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(ALL_OFFERINGS_PERMISSION))
    )


def offerings_visible_to(user) -> QuerySet[Offering]:
    """The offerings whose bookings `user` may see."""
    if not (user.is_authenticated and user.is_active):
        return Offering.objects.none()
    if sees_all_offerings(user):
        return Offering.objects.all()
    return Offering.objects.filter(organizers=user)


def restrict_to_visible(queryset: QuerySet, user, *, offering_path: str) -> QuerySet:
    """Narrow `queryset` to rows whose offering (reached by `offering_path`, "" for the
    offering itself) `user` may see."""
    if sees_all_offerings(user):
        return queryset
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    lookup = f"{offering_path}__organizers" if offering_path else "organizers"
    return queryset.filter(**{lookup: user}).distinct()


def can_manage_offering(user, offering_id: int | None) -> bool:
    if offering_id is None:
        return sees_all_offerings(user)
    return offerings_visible_to(user).filter(pk=offering_id).exists()


def require_offering_access(user, offering_id: int | None) -> None:
    """Raise Http404, as for an id that does not exist, unless `user` organizes (or
    administers) the offering."""
    if not can_manage_offering(user, offering_id):
        raise Http404


def visible_offering(user, offering_id: int) -> Offering:
    """The offering with its program, if `user` may see its bookings; else Http404, the same
    answer as for an id that does not exist, so ids cannot be probed."""
    offering = (
        offerings_visible_to(user).select_related("program", "venue").filter(pk=offering_id).first()
    )
    if offering is None:
        raise Http404
    return offering
