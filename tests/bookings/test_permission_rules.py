"""bookings.permissions called directly: the municipalities a staff member works for, in the
order the admin lists them, and the log entries an organizer may read."""

from django.contrib.auth.models import Group
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, Site

from bookings.models import Booking, Session, SiteGroup
from bookings.permissions import restrict_log_entries, staff_sites
from tests.factories import BookingFactory, HomePageFactory, UserFactory


def municipality(name: str, hostname: str) -> Site:
    home = HomePageFactory(parent=Page.get_first_root_node(), title=name, slug=hostname[0])
    return Site.objects.create(hostname=hostname, port=80, root_page=home, site_name=name)


def test_staff_sites_are_listed_by_name_then_address(site_pages):
    gnesta = Site.objects.get(is_default_site=True)  # "Gnesta" at localhost
    north = municipality("Sollentuna", "z.sollentuna.example")  # made first
    south = municipality("Sollentuna", "b.sollentuna.example")
    staff = UserFactory(username="samordnare")
    for index, site in enumerate((south, gnesta, north)):
        group = Group.objects.create(name=f"Personal {index}")
        SiteGroup.objects.create(group=group, site=site)
        staff.groups.add(group)
    boss = UserFactory(username="chef", is_superuser=True)

    in_order = [gnesta, south, north]
    assert staff_sites(staff) == in_order
    assert staff_sites(boss) == in_order


def test_an_organizer_reads_no_entry_about_another_groups_row_of_the_same_id(make_offering):
    """Log entries name their row by content type and id: a session of another group whose id
    equals one of the organizer's bookings' stays hidden."""
    ours, theirs = make_offering(sessions=0), make_offering(sessions=0)
    organizer = UserFactory(username="ledare")
    ours.organizers.add(organizer)
    used = [
        *Booking.objects.values_list("pk", flat=True),
        *Session.objects.values_list("pk", flat=True),
    ]
    shared_id = 1000 + max(used, default=0)
    booking = BookingFactory(pk=shared_id, offering=ours)
    session = theirs.sessions.create(
        pk=shared_id,
        starts_at=theirs.created_at,
        ends_at=theirs.created_at.replace(year=theirs.created_at.year + 1),
    )
    for instance, action in ((booking, "bookings.staff_add"), (session, "bookings.session_moved")):
        log(instance=instance, action=action, user=organizer)

    visible = restrict_log_entries(ModelLogEntry.objects.all(), organizer)

    assert list(visible.values_list("action", "object_id")) == [
        ("bookings.staff_add", str(shared_id))
    ]
