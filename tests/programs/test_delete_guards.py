"""Deleting a program page or venue that offerings use is refused with a message, not a 500."""

import pytest
from django.urls import reverse

from programs.models import ProgramPage, Venue
from tests.conftest import staff_reads_in
from tests.factories import ProgramPageFactory, UserFactory, VenueFactory


@pytest.fixture
def admin_client(client, db):
    user = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(staff_reads_in(user, "en"))
    return client


def test_program_page_with_offerings_is_not_deleted(admin_client, make_offering):
    program = make_offering().program
    response = admin_client.post(
        reverse("wagtailadmin_pages:delete", args=[program.pk]), follow=True
    )
    assert response.status_code == 200
    assert "This page cannot be deleted" in response.content.decode()
    assert ProgramPage.objects.filter(pk=program.pk).exists()


def test_index_page_above_a_program_with_offerings_is_not_deleted(admin_client, make_offering):
    program = make_offering().program
    index = program.get_parent()
    admin_client.post(reverse("wagtailadmin_pages:delete", args=[index.pk]))
    assert ProgramPage.objects.filter(pk=program.pk).exists()


def test_program_page_without_offerings_can_be_deleted(admin_client, program_index):
    program = ProgramPageFactory(parent=program_index)
    admin_client.post(reverse("wagtailadmin_pages:delete", args=[program.pk]))
    assert not ProgramPage.objects.filter(pk=program.pk).exists()


def test_venue_in_use_is_not_deleted(admin_client, make_offering):
    venue = make_offering().venue
    response = admin_client.post(
        reverse("wagtailsnippets_programs_venue:delete", args=[venue.pk]), follow=True
    )
    assert "This venue cannot be deleted" in response.content.decode()
    assert Venue.objects.filter(pk=venue.pk).exists()


def test_unused_venue_can_be_deleted(admin_client):
    venue = VenueFactory()
    admin_client.post(reverse("wagtailsnippets_programs_venue:delete", args=[venue.pk]))
    assert not Venue.objects.filter(pk=venue.pk).exists()
