"""Each demo municipality's staff groups, every one linked to the municipality's site
(`SiteGroup`), so staff roles are per municipality:

- booking administrators see and manage every offering of the municipality and edit its
  settings (Settings → Municipality and E-mail to parents, for their own site only);
- organizers see the offerings they are assigned to;
- editors add, edit and publish the pages of the municipality's own tree only, and keep its
  venues, contacts, images and documents.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupSitePermission, Site

from bookings.models import SiteGroup
from bookings.permissions import ALL_OFFERINGS_PERMISSION

from .accounts import (
    BOOKING_ADMINS,
    MUNICIPAL_EDITORS,
    MUNICIPAL_ORGANIZERS,
    admin_access_permission,
    let_edit_pages,
    organizer_permissions,
    staff_group,
)

BOOKING_ADMIN_MODELS = ("offering", "session", "booking", "attendance", "outboxmessage")
EDITOR_SNIPPETS = ("venue", "contact")
EDITOR_MEDIA = {"wagtailimages": "image", "wagtaildocs": "document"}
# The per-site settings a municipality's booking administrators keep: (app label, model).
SITE_SETTINGS = (("parentsite", "municipalitysettings"), ("bookings", "emailsettings"))


def model_permissions(app_label: str, models, actions) -> list[Permission]:
    codenames = [f"{action}_{model}" for model in models for action in actions]
    return list(
        Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )


def all_offerings_permission() -> Permission:
    app_label, codename = ALL_OFFERINGS_PERMISSION.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def group_of_site(name: str, site: Site) -> Group:
    """The staff group `name`, working for `site`."""
    group, _created = Group.objects.get_or_create(name=name)
    SiteGroup.objects.get_or_create(group=group, defaults={"site": site})
    return group


def collection_of(site: Site) -> Collection:
    """The municipality's own collection of images and documents."""
    # Wagtail's migrations make the root collection; a database emptied since has none.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    existing = root.get_children().filter(name=site.site_name).first()
    return existing or root.add_child(name=site.site_name)


def let_use_media(group: Group, collection: Collection) -> None:
    """`group` adds, edits and chooses images and documents in `collection`."""
    for app_label, model in EDITOR_MEDIA.items():
        for permission in model_permissions(app_label, [model], ("add", "change", "choose")):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def let_edit_site_settings(group: Group, site: Site) -> None:
    """`group` edits `site`'s settings and no other site's (Wagtail's per-site permission)."""
    for app_label, model in SITE_SETTINGS:
        for permission in model_permissions(app_label, [model], ("change",)):
            GroupSitePermission.objects.get_or_create(group=group, site=site, permission=permission)


def ensure_staff_groups(*, municipality: str, site: Site) -> None:
    """The municipality's three staff groups (e.g. "Gnesta: bokningsadministratörer"), made
    once and left as they are on later runs."""
    admins = group_of_site(staff_group(municipality, BOOKING_ADMINS), site)
    admins.permissions.add(
        admin_access_permission(),
        all_offerings_permission(),
        *model_permissions("bookings", BOOKING_ADMIN_MODELS, ("view", "add", "change")),
    )
    let_edit_site_settings(admins, site)
    organizers = group_of_site(staff_group(municipality, MUNICIPAL_ORGANIZERS), site)
    organizers.permissions.add(*organizer_permissions())
    editors = group_of_site(staff_group(municipality, MUNICIPAL_EDITORS), site)
    let_edit_pages(editors, site.root_page)
    editors.permissions.add(
        *model_permissions("programs", EDITOR_SNIPPETS, ("view", "add", "change"))
    )
    let_use_media(editors, collection_of(site))
