"""One e-mail address, one account, held by the database: a new parent's double click on the
booking form must not make two accounts."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory

from bookings import verification
from tests.bookings.test_concurrency import errors_in, run_together
from tests.factories import UserFactory

INDEX = "parentsite_one_account_per_email"


def test_the_database_refuses_a_second_account_for_an_address_in_another_case(db):
    UserFactory(username="first", email="sara@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="second", email="Sara@Example.org")


def test_accounts_without_an_address_are_not_limited(db):
    UserFactory(username="staff-1", email="")
    UserFactory(username="staff-2", email="")

    assert get_user_model().objects.filter(email="").count() == 2


@pytest.fixture
def slow_lookup(monkeypatch):
    """Every thread looks the address up before any of them has created the account, then
    they create it one after another (as double clicks arrive): the later ones find the
    generated username taken and pick another, so only the address can tell them apart."""
    real = verification.filter_users_by_email

    def slow(*args, **kwargs):
        found = real(*args, **kwargs)
        index = int(threading.current_thread().name.rsplit("-", 1)[-1])
        time.sleep(0.3 + 0.15 * index)
        return found

    monkeypatch.setattr(verification, "filter_users_by_email", slow)


def first_bookings_at_once(count: int = 8) -> list[object]:
    request = RequestFactory().post("/")
    return run_together(
        lambda _index: verification._user_for_email(request, "new.parent@example.org"), count
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # needs no page: only accounts are made
def test_first_bookings_at_once_share_one_account(slow_lookup):
    results = first_bookings_at_once()

    assert errors_in(results) == []
    assert len({user.pk for user in results}) == 1
    assert get_user_model().objects.filter(email__iexact="new.parent@example.org").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_control_without_the_index_the_double_click_makes_several_accounts(slow_lookup):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {INDEX}")
    try:
        first_bookings_at_once()
        accounts = get_user_model().objects.filter(email__iexact="new.parent@example.org")
        assert accounts.count() > 1
    finally:
        get_user_model().objects.filter(email__iexact="new.parent@example.org").delete()
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE UNIQUE INDEX {INDEX} ON auth_user (LOWER(email)) WHERE email <> ''"
            )
