"""Who may see which offerings' bookings in the staff admin.

An offering belongs to the municipality (Wagtail Site) whose page tree holds its program page;
so do its sessions, bookings, attendance and messages. Its bookings are shown to:
- the staff assigned to it as organizers;
- the booking administrators of its municipality: members of a group that holds
  `bookings.manage_all_offerings` and works for that site (`SiteGroup`);
- superusers, who see every municipality's.
Model permissions (view/change booking, offering, session) decide *what* a staff member may do;
this module decides *which offerings* they may do it for. Editors of program pages get
neither, so they never see a family's booking.

An offering (or a session or booking of one) the user may not see is answered as if it did not
exist, with a 404: a "permission denied" would tell an organizer which ids exist.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from wagtail.models import ModelLogEntry, Site

from bookings.models import Attendance, Booking, Offering, OutboxMessage, Session

ALL_OFFERINGS_PERMISSION = "bookings.manage_all_offerings"


def _is_staff_member(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def administered_sites(user) -> list[Site]:
    """The sites whose bookings `user` administers (every site for a superuser). Read once per
    user object, i.e. once per request."""
    if not _is_staff_member(user):
        return []
    cached = getattr(user, "_administered_sites", None)
    if cached is None:
        sites = Site.objects.select_related("root_page").order_by("site_name", "hostname", "pk")
        if not user.is_superuser:
            sites = sites.filter(
                staff_groups__group__user=user,
                staff_groups__group__permissions__codename="manage_all_offerings",
                staff_groups__group__permissions__content_type__app_label="bookings",
            ).distinct()
        cached = list(sites)
        user._administered_sites = cached
    return cached


def staff_sites(user) -> list[Site]:
    """The sites `user` works for through any of their groups (every site for a superuser):
    the municipalities whose venues, contacts and settings they may edit."""
    if not _is_staff_member(user):
        return []
    sites = Site.objects.select_related("root_page").order_by("site_name", "hostname", "pk")
    if user.is_superuser:
        return list(sites)
    return list(sites.filter(staff_groups__group__user=user).distinct())


def sees_all_offerings(user) -> bool:
    """Superusers and booking administrators of some site: they see offerings they were not
    assigned to, and rows of no offering (e.g. an account's e-mail, for superusers only)."""
    return bool(_is_staff_member(user) and (user.is_superuser or administered_sites(user)))


def _visible_q(user, offering_path: str) -> Q:
    """Rows whose offering (reached by `offering_path`) `user` organizes or administers."""
    prefix = f"{offering_path}__" if offering_path else ""
    visible = Q(**{f"{prefix}organizers": user})
    for site in administered_sites(user):
        visible |= Q(**{f"{prefix}program__path__startswith": site.root_page.path})
    return visible


def pages_administered_by(pages: QuerySet, user) -> QuerySet:
    """The pages (e.g. program pages to put an offering under) in the sites `user`
    administers: an offering can only be made in one's own municipality."""
    if _is_staff_member(user) and user.is_superuser:
        return pages
    in_sites = Q(pk__in=[])
    for site in administered_sites(user):
        in_sites |= Q(path__startswith=site.root_page.path)
    return pages.filter(in_sites)


def offerings_visible_to(user) -> QuerySet[Offering]:
    """The offerings whose bookings `user` may see."""
    return restrict_to_visible(Offering.objects.all(), user, offering_path="")


def restrict_to_visible(queryset: QuerySet, user, *, offering_path: str) -> QuerySet:
    """Narrow `queryset` to rows whose offering (reached by `offering_path`, "" for the
    offering itself) `user` may see. Rows of no offering are for superusers only."""
    if not _is_staff_member(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(_visible_q(user, offering_path)).distinct()


# The engine's models whose log entries are about one offering, with the path to it.
LOGGED_ROWS = {
    Offering: "",
    Session: "offering",
    Booking: "offering",
    Attendance: "booking__offering",
    OutboxMessage: "booking__offering",
}


def log_entries_about(entries: QuerySet, visible_rows: dict) -> QuerySet:
    """Narrow a queryset of Wagtail's model log to entries about the rows in `visible_rows`
    (model -> queryset) for those models; entries about other models are left as they are.
    Filters only, so it also narrows a values() query."""
    if entries.model is not ModelLogEntry:
        return entries
    types = ContentType.objects.get_for_models(*visible_rows)
    visible = ~Q(content_type__in=list(types.values()))
    for model, rows in visible_rows.items():
        ids = rows.order_by().values_list(Cast("pk", CharField()), flat=True)
        visible |= Q(content_type=types[model], object_id__in=ids)
    return entries.filter(visible)


def restrict_log_entries(entries: QuerySet, user) -> QuerySet:
    """Narrow Wagtail's model log (e.g. the admin's site history) to entries about offerings,
    sessions, bookings, marks and messages `user` may see."""
    if _is_staff_member(user) and user.is_superuser:
        return entries
    return log_entries_about(entries, {
        model: restrict_to_visible(model.objects.all(), user, offering_path=offering_path)
        for model, offering_path in LOGGED_ROWS.items()
    })  # fmt: skip


def programs_visible_to(user) -> QuerySet:
    """The program pages whose interest lists `user` may see: those of the offerings they
    organize, and every program in the sites they administer (all, for superusers)."""
    programs = Offering._meta.get_field("program").related_model.objects.all()
    if not _is_staff_member(user):
        return programs.none()
    if user.is_superuser:
        return programs
    visible = Q(offerings__organizers=user)
    for site in administered_sites(user):
        visible |= Q(path__startswith=site.root_page.path)
    return programs.filter(visible).distinct()


def visible_program(user, program_id: int):
    """The program page, if `user` may see its interest list; else Http404, as for an id that
    does not exist."""
    program = programs_visible_to(user).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def can_manage_offering(user, offering_id: int | None) -> bool:
    if offering_id is None:
        return bool(_is_staff_member(user) and user.is_superuser)
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


def site_of(page_path: str, sites: list[Site]) -> Site | None:
    """The site whose page tree holds the page with `page_path` (the deepest root wins)."""
    holding = [site for site in sites if page_path.startswith(site.root_page.path)]
    return max(holding, key=lambda site: len(site.root_page.path), default=None)
