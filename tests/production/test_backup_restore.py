"""docs/deploy.md's backup and restore, done: pg_dump the database with bookings in it,
pg_restore the dump into a fresh database, and find the same bookings there."""

import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from bookings.models import Booking
from bookings.services import book_offering
from tests.bookings.test_concurrency import leave_migrated_data_behind  # noqa: F401 - autouse

RESTORED = "hr_restore"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs pg_dump and pg_restore"),
]


def libpq_url(name: str) -> str:
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or "5432"
    return f"postgresql://{user}{password}@{host}:{port}/{name}"


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dump_restored_into_a_fresh_database_holds_the_bookings(make_offering, tmp_path):
    offering = make_offering(sessions=2)
    for number in range(3):
        book_offering(offering_id=offering.pk, email=f"parent{number}@example.org", name="Förälder")
    expected = sorted(Booking.objects.values_list("token", "status", "email"))
    dump = tmp_path / "site.dump"
    source = libpq_url(connection.settings_dict["NAME"])
    maintenance = libpq_url("postgres")

    run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source)
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{RESTORED}"')
        admin.execute(f'CREATE DATABASE "{RESTORED}"')
    try:
        run("pg_restore", "--no-owner", f"--dbname={libpq_url(RESTORED)}", str(dump))
        with psycopg.connect(libpq_url(RESTORED)) as restored:
            rows = restored.execute(
                f"SELECT token, status, email FROM {Booking._meta.db_table}"  # noqa: S608
            ).fetchall()
            applied = restored.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
    finally:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{RESTORED}"')

    assert len(expected) == 3
    assert sorted(rows) == expected
    assert applied > 0
