"""Helpers for the privacy tests: a search of every table for a parent's data, and a parent."""

import json
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection

from tests.factories import UserFactory

# Every text-like value can be cast to text on both databases; LIKE with an explicit escape
# character so that "_" and "%" in a needle match themselves.
ESCAPE = "\\"


def _like_pattern(value: str) -> str:
    for special in (ESCAPE, "%", "_"):
        value = value.replace(special, ESCAPE + special)
    return f"%{value}%"


def find_in_database(*needles: str) -> set[tuple[str, str]]:
    """(table, column) of every place in the database where one of `needles` occurs.

    Every column of every table is cast to text and searched with ILIKE (PostgreSQL) or LIKE
    (SQLite, case-insensitive for ASCII), for the needle as written and as JSON writes it
    (SQLite keeps JSON with non-ASCII letters escaped). Session data is signed and
    compressed, so sessions are also decoded and searched.
    """
    variants = set()
    for needle in needles:
        variants |= {needle, json.dumps(needle)[1:-1]}
    operator = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    quote = connection.ops.quote_name
    hits = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                condition = " OR ".join(
                    [f"CAST({quote(column.name)} AS TEXT) {operator} %s ESCAPE '{ESCAPE}'"]
                    * len(variants)
                )
                # Table and column names come from the database's own catalogue.
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} WHERE {condition}",  # noqa: S608
                    [_like_pattern(variant) for variant in sorted(variants)],
                )
                if cursor.fetchone()[0]:
                    hits.add((table, column.name))
    for session in Session.objects.all():
        decoded = json.dumps(SessionStore().decode(session.session_data), ensure_ascii=False)
        if any(needle.lower() in decoded.lower() for needle in needles):
            hits.add((Session._meta.db_table, "session_data (decoded)"))
    return hits


@dataclass
class Parent:
    user: object
    name: str
    email: str
    phone: str

    @property
    def needles(self) -> tuple[str, str, str]:
        return (self.name, self.email, self.phone)


def make_parent(*, name: str, email: str, phone: str) -> Parent:
    """A parent's account as allauth makes it (username = address here, as some sites do, so
    that Wagtail's log labels of the user carry it), with a verified primary address."""
    user = UserFactory(username=email, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return Parent(user=user, name=name, email=email, phone=phone)


@pytest.fixture
def parent(db):
    return make_parent(
        name="Zelda Öqvist", email="zelda.oqvist@example.org", phone="0701-234 567"
    )


@pytest.fixture
def superuser(db):
    return UserFactory(username="chef", is_staff=True, is_superuser=True)
