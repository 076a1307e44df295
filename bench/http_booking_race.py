"""Many parents at once for the last seats, over HTTP against a running server.

Usage (server and this script on the same database, e.g. PostgreSQL):

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo
    .venv/bin/python manage.py runserver 127.0.0.1:8050 --noreload &   # or gunicorn
    .venv/bin/python bench/http_booking_race.py --url http://127.0.0.1:8050 --parents 60 --seats 6

It creates a fresh offering with `--seats` household seats and `--parents` logged-in parents
(sessions written straight to the database, so no e-mail codes are needed), lets every parent
load the booking form, then releases them all at once to submit it. It reports the HTTP status
counts, latency percentiles and what the database holds, and exits non-zero on any 5xx or
overbooking. Only loopback addresses are used; the run is bounded by --parents.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentsite.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,  # noqa: E402
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.utils import timezone  # noqa: E402

from bookings.models import Booking, BookingStatus, Offering, Session  # noqa: E402
from programs.models import ProgramPage  # noqa: E402


def make_offering(seats: int) -> Offering:
    program = ProgramPage.objects.live().first()
    if program is None:
        sys.exit("No live program page: run `manage.py load_demo` first.")
    offering = Offering.objects.create(
        program=program, title=f"Benchmark {time.time():.0f}", capacity=seats
    )
    start = timezone.now() + timedelta(days=30)
    Session.objects.create(offering=offering, starts_at=start, ends_at=start + timedelta(hours=2))
    return offering


def logged_in_session(index: int, run: str) -> str:
    user = get_user_model().objects.create_user(
        username=f"bench-{run}-{index}", email=f"bench-{run}-{index}@example.org"
    )
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def parent(url: str, session_key: str, start: threading.Barrier, results: list) -> None:
    client = requests.Session()
    host = urlsplit(url).hostname
    client.cookies.set(settings.SESSION_COOKIE_NAME, session_key, domain=host)
    form = client.get(url, timeout=30)
    token = client.cookies.get("csrftoken")
    start.wait()
    began = time.perf_counter()
    response = client.post(
        url,
        data={"csrfmiddlewaretoken": token, "persons": "1", "name": "Bench Parent"},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=60,
    )
    results.append((form.status_code, response.status_code, time.perf_counter() - began))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8050")
    parser.add_argument("--parents", type=int, default=60)
    parser.add_argument("--seats", type=int, default=6)
    args = parser.parse_args()
    if urlsplit(args.url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit("Only loopback addresses are allowed.")

    offering = make_offering(args.seats)
    run = str(offering.pk)
    sessions = [logged_in_session(i, run) for i in range(args.parents)]
    book_url = f"{args.url}/bokning/{offering.pk}/"
    barrier = threading.Barrier(args.parents)
    results: list = []
    threads = [
        threading.Thread(target=parent, args=(book_url, key, barrier, results)) for key in sessions
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began

    statuses = Counter(status for _get, status, _t in results)
    latencies = sorted(t for _get, _status, t in results)
    held = Booking.objects.filter(offering=offering)
    confirmed = held.filter(status=BookingStatus.CONFIRMED).count()
    waitlisted = held.filter(status=BookingStatus.WAITLISTED).count()
    print(f"database: {settings.DATABASES['default']['ENGINE']}")
    print(f"parents: {args.parents}, seats: {args.seats}, wall time: {wall:.2f}s")
    print(f"form GETs: {Counter(get for get, _s, _t in results)}")
    print(f"POST statuses: {dict(statuses)}")
    print(
        f"POST latency p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms"
    )
    print(f"confirmed: {confirmed}, waitlisted: {waitlisted}")
    failed = any(status >= 500 for status in statuses) or confirmed > args.seats
    failed = failed or confirmed + waitlisted != args.parents
    print("RESULT:", "FAIL" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
