"""Fixtures shared by the booking tests."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def actor(db):
    """A staff member acting through the services (a file may define its own)."""
    return UserFactory(username="samordnare", is_staff=True)
