"""Parents with accounts (verified e-mail addresses), logged in, in English or Swedish."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from tests.conftest import read_in
from tests.factories import UserFactory


def make_parent(email: str, *, verified: bool = True):
    user = UserFactory(username=email.split("@")[0], email=email)
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def logged_in(user, *, language: str = "en") -> Client:
    client = Client()
    read_in(client, language)
    client.force_login(user)
    return client


@pytest.fixture
def parent(site_pages):
    return make_parent("sara@example.org")


@pytest.fixture
def other_parent(site_pages):
    return make_parent("omar@example.org")


@pytest.fixture
def parent_client(parent):
    """Sara, logged in, who chose English."""
    return logged_in(parent)


@pytest.fixture
def other_client(other_parent):
    """Omar, logged in: another household that must never see Sara's data."""
    return logged_in(other_parent)
