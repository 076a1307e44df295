"""Venues, contacts and languages are edited as snippets, grouped in one admin menu."""

import pytest
from django.urls import reverse

from programs.models import Contact, Language, Venue
from tests.factories import ContactFactory, LanguageFactory, VenueFactory


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("model", "factory"),
    [(Venue, VenueFactory), (Contact, ContactFactory), (Language, LanguageFactory)],
)
def test_snippet_listing_and_edit_views(admin_client, model, factory):
    obj = factory()
    meta = model._meta
    listing = admin_client.get(reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list"))
    assert listing.status_code == 200
    assert str(obj) in listing.content.decode()
    edit_url = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[obj.pk])
    assert admin_client.get(edit_url).status_code == 200


def test_snippets_are_grouped_in_the_admin_menu(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "program-facts" in html
