"""Venues and contacts belong to one municipality: its staff list, edit and delete only their
own; another municipality's answers 404 as if it did not exist; a new one can only be made for
one's own municipality. Superusers see all. Languages are shared."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, Site

from bookings.models import SiteGroup
from parentsite.demo.accounts import admin_access_permission
from programs.models import Contact, Venue
from tests.factories import ContactFactory, HomePageFactory, UserFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sites(site_pages):
    gnesta = Site.objects.get(is_default_site=True)
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Sollentuna")
    sollentuna = Site.objects.create(
        hostname="sollentuna.localhost", port=80, root_page=home, site_name="Sollentuna"
    )
    return gnesta, sollentuna


def staff_of(site, username):
    group = Group.objects.create(name=f"Redaktörer {site.site_name}")
    codenames = [f"{action}_{model}" for model in ("venue", "contact")
                 for action in ("add", "change", "delete", "view")]  # fmt: skip
    group.permissions.add(
        admin_access_permission(),
        *Permission.objects.filter(content_type__app_label="programs", codename__in=codenames),
    )
    SiteGroup.objects.create(group=group, site=site)
    user = UserFactory(username=username)
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def url(model, view, *args):
    return reverse(f"wagtailsnippets_programs_{model}:{view}", args=args)


def test_staff_see_and_change_only_their_municipalitys_venues(two_sites):
    gnesta, sollentuna = two_sites
    ours = VenueFactory(site=gnesta, name="Familjecentralen Gnesta")
    theirs = VenueFactory(site=sollentuna, name="Tureberg familjecentral")
    their_contact = ContactFactory(site=sollentuna, name="Sam Sollentuna")
    client = staff_of(gnesta, "gnesta-redaktor")

    listing = client.get(url("venue", "list")).content.decode()
    assert ours.name in listing and theirs.name not in listing
    assert their_contact.name not in client.get(url("contact", "list")).content.decode()
    for view in ("edit", "delete"):
        assert client.get(url("venue", view, theirs.pk)).status_code == 404
        assert client.get(url("contact", view, their_contact.pk)).status_code == 404
    assert client.post(url("venue", "delete", theirs.pk)).status_code == 404
    assert Venue.objects.filter(pk=theirs.pk).exists()
    assert client.get(url("venue", "edit", ours.pk)).status_code == 200  # the control


def test_a_new_venue_can_only_be_made_for_ones_own_municipality(two_sites):
    gnesta, sollentuna = two_sites
    client = staff_of(gnesta, "gnesta-redaktor")
    form = {"name": "Smyg", "is_accessible": "on"}
    response = client.post(url("venue", "add"), {**form, "site": sollentuna.pk})
    assert response.status_code == 200  # the form again, with an error
    assert not Venue.objects.filter(name="Smyg").exists()
    response = client.post(url("venue", "add"), {**form, "site": gnesta.pk})
    assert response.status_code == 302
    assert Venue.objects.get(name="Smyg").site == gnesta


def test_a_superuser_sees_every_municipalitys_contacts(two_sites, client):
    gnesta, sollentuna = two_sites
    ContactFactory(site=gnesta, name="Anna Gnesta")
    ContactFactory(site=sollentuna, name="Sam Sollentuna")
    client.force_login(UserFactory(username="chef", is_superuser=True, is_staff=True))
    listing = client.get(url("contact", "list")).content.decode()
    assert "Anna Gnesta" in listing and "Sam Sollentuna" in listing
    assert Contact.objects.count() == 2
