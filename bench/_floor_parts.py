"""What `booking_floor.py` needs around its rounds: its database and data (an emptied
PostgreSQL database of its own, a program, offerings, logged-in parents), raw HTTP posts that
cost the client little, and the CPU time of the server's processes."""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench import _common


def ensure_database(url: str) -> None:
    """Create the bench's database when it does not exist yet."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def set_up_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.floor_settings"
    import django
    from django.core.management import call_command

    django.setup()
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    name = urlsplit(url).path.lstrip("/")
    print(f"database: {name} migrated in {time.perf_counter() - began:.1f} s")


def empty_booking_tables() -> None:
    """Every run starts from no bookings, offerings, outbox rows or queued tasks."""
    from django.db import connection

    tables = [
        "bookings_outboxmessage",
        "bookings_attendance",
        "bookings_booking",
        "bookings_session",
        "bookings_offering",
        "django_tasks_database_dbtaskresult",
        "django_session",
    ]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables if t in existing) + " CASCADE"
        )


def bench_program():
    from programs.models import ProgramPage, Venue

    program = ProgramPage.objects.live().first() or _common.program_page()
    venue = Venue.objects.first() or _common.venue()
    return program, venue


def logged_in_parents(count: int) -> list[str]:
    """`count` parents' session keys (their accounts are made once and kept)."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    users = get_user_model().objects
    keys = []
    for index in range(count):
        user, _created = users.get_or_create(
            username=f"bench-parent-{index}",
            defaults={"email": f"bench-parent-{index}@example.org"},
        )
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


def make_offerings(program, venue, *, count: int, capacity: int, sessions: int) -> list[int]:
    from django.utils import timezone

    from bookings.models import Offering

    first = timezone.now().replace(hour=16, minute=0, second=0, microsecond=0)
    first += timedelta(days=30)
    ids = []
    for _ in range(count):
        offering = Offering.objects.create(
            program=program, title="Torsdagar 18:00", capacity=capacity, venue=venue
        )
        _common.weekly_sessions(offering, first=first, count=sessions)
        ids.append(offering.pk)
    return ids


def cpu_seconds(pids) -> dict[int, float]:
    """Time on a CPU so far of each process that still exists (ns resolution)."""
    times = {}
    for pid in pids:
        try:
            times[pid] = int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
        except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
            continue
    return times


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def backend_pids() -> list[int]:
    """The database server processes serving the bench's gunicorn workers."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(after[pid] - before.get(pid, 0.0) for pid in after)


async def post(port: int, raw: bytes) -> tuple[int, dict[str, str]]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(raw)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    headers = {}
    for line in head[1:]:
        name, _sep, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers


def request_bytes(port: int, path: str, session_key: str) -> bytes:
    csrf = secrets.token_hex(16)  # 32 characters: a valid CSRF secret, cookie and field alike
    body = urlencode({"csrfmiddlewaretoken": csrf, "persons": "1", "name": "Bench Parent"})
    return (
        f"POST {path} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        f"Cookie: sessionid={session_key}; csrftoken={csrf}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
        f"{body}"
    ).encode()


async def burst(port: int, requests: list[bytes]) -> list[tuple[int, dict[str, str]]]:
    return await asyncio.gather(*(post(port, raw) for raw in requests))
