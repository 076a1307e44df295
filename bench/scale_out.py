"""Scale out: a booking burst through nginx to two gunicorn instances and two RQ workers, against
one gunicorn and one worker, on PostgreSQL and the local Redis. By hand, not in CI.

    .venv/bin/python bench/scale_out.py [--bookings 40] [--clients 8] [--db scale_out_bench]
                                        [--redis-db 13] [--keep]

Everything runs on loopback: a self-signed certificate and nginx (deploy/nginx/foraldrastod.conf
with its upstream listing every gunicorn instance) in a temporary folder, gunicorn with
deploy/gunicorn.conf.py, `manage.py rqworker` with django-tasks-rq's job class, the database
`--db` made afresh, and the Redis database `--redis-db` emptied (cache, rate limits and queue).
For each layout a fresh offering gets `--bookings` logged-in parents who load the form and book
over HTTPS, `--clients` at a time; then the run waits until the workers have sent every
confirmation. E-mails are written to files (bench/scale_out_settings.py) and counted across all
processes: each parent must get exactly one. Prints both layouts side by side with the ratio,
and `RESULT: OK` or `RESULT: FAIL` (a booking that failed, an e-mail lost or sent twice).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _scale_out_ports import ROOT, free_port  # noqa: E402
from _scale_out_processes import PY, start_layout, stop  # noqa: E402

PG = "postgres://postgres@127.0.0.1:5432"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ERRORS = re.compile(r'class="[^"]*error[^"]*"[^>]*>(.{0,200})', re.DOTALL)


def prepare_environment(work: Path, db: str, redis_db: int, https_port: int) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.scale_out_settings",
        PYTHONPATH=str(ROOT),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
        BASE_URL=f"https://localhost:{https_port}",
        DATABASE_URL=f"{PG}/{db}",
        REDIS_URL=f"redis://127.0.0.1:6379/{redis_db}",
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
        BENCH_MAIL_DIR=str(work / "mail"),
        ACCESS_LOG="false",
        LOG_LEVEL="WARNING",
    )
    (work / "mail").mkdir()
    sys.path.insert(0, str(ROOT))


def fresh_database(db: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{db}"')
        connection.execute(f'CREATE DATABASE "{db}"')
    for command in ("migrate", "collectstatic"):
        subprocess.run(  # noqa: S603 - fixed arguments
            [PY, "manage.py", command, "--noinput", "-v", "0"], cwd=ROOT, check=True
        )


def parents_with_an_offering(count: int, label: str):
    """A fresh offering with a seat for everyone and `count` logged-in parents (sessions
    written straight to the session store)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from programs.models import ProgramIndexPage
    from tests.factories import (
        OfferingFactory,
        ProgramPageFactory,
        SessionFactory,
        UserFactory,
        make_site,
    )

    index = ProgramIndexPage.objects.first() or make_site()[1]
    offering = OfferingFactory(program=ProgramPageFactory(parent=index), capacity=count)
    SessionFactory(offering=offering)
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    keys = []
    for number in range(count):
        user = UserFactory(email=f"scale-{label}-{number}@example.org")
        store = store_class()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return offering, keys


def book(base: str, ca_file: str, offering_id: int, session_key: str) -> int:
    import requests
    from django.conf import settings

    client = requests.Session()
    client.verify = ca_file
    client.trust_env = False
    client.cookies.set(settings.SESSION_COOKIE_NAME, session_key)
    url = f"{base}/bokning/{offering_id}/"
    form = client.get(url, timeout=60)
    token = CSRF_FIELD.search(form.text)
    if form.status_code != 200 or token is None:
        return form.status_code
    answer = client.post(
        url,
        data={"csrfmiddlewaretoken": token.group(1), "persons": "1", "name": "Bench Parent"},
        headers={"Referer": url, "Origin": base},
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code != 302:
        print(f"booking answered {answer.status_code}: {ERRORS.findall(answer.text)[:3]}")
    return answer.status_code


def mails_per_recipient(mail_dir: Path, label: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    pattern = re.compile(rf"^To: (scale-{label}-\d+@example\.org)$", re.MULTILINE)
    for path in mail_dir.iterdir():
        for address in pattern.findall(path.read_text(errors="replace")):
            counts[address] = counts.get(address, 0) + 1
    return counts


def run_layout(work, instances, bookings, clients, https_port, http_port) -> dict:
    from bookings.models import Booking, BookingStatus, OutboxMessage, OutboxStatus

    label = f"x{instances}"
    offering, keys = parents_with_an_offering(bookings, label)
    processes: list = []
    base = f"https://localhost:{https_port}"
    try:
        start_layout(work, instances, https_port, http_port, processes)
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            statuses = list(
                pool.map(lambda key: book(base, str(work / "tls.crt"), offering.pk, key), keys)
            )
        booked_in = time.perf_counter() - began
        # One confirmation per booking: wait until the workers have sent them all.
        expected = Booking.objects.filter(offering=offering).count()
        sent = OutboxMessage.objects.filter(booking__offering=offering, status=OutboxStatus.SENT)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and sent.count() < expected:
            time.sleep(0.2)
        sent_in = time.perf_counter() - began
    finally:
        stop(processes)
    confirmed = Booking.objects.filter(offering=offering, status=BookingStatus.CONFIRMED).count()
    per_recipient = mails_per_recipient(work / "mail", label)
    return {
        "layout": f"{instances} gunicorn + {instances} RQ worker",
        "posted_302": statuses.count(302),
        "confirmed": confirmed,
        "bookings_per_s": bookings / booked_in,
        "mails_once": sum(1 for count in per_recipient.values() if count == 1),
        "mails_twice": sum(1 for count in per_recipient.values() if count > 1),
        "mails_missing": bookings - len(per_recipient),
        "all_sent_s": sent_in,
        "mails_per_s": len(per_recipient) / sent_in,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=40)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--db", default="scale_out_bench")
    parser.add_argument("--redis-db", type=int, default=13)
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, mail)")
    args = parser.parse_args()
    if args.db in {"test", "postgres"}:
        sys.exit("Choose a database of the bench's own.")
    work = Path(tempfile.mkdtemp(prefix="scale-out-"))
    https_port, http_port = free_port(), free_port()
    try:
        openssl = shutil.which("openssl") or "openssl"
        certificate = ["-keyout", str(work / "tls.key"), "-out", str(work / "tls.crt")]
        subprocess.run(  # noqa: S603
            [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", *certificate],
            check=True, capture_output=True,
        )  # fmt: skip
        prepare_environment(work, args.db, args.redis_db, https_port)
        fresh_database(args.db)
        import django

        django.setup()
        from django_rq import get_connection

        get_connection("default").flushdb()
        results = [
            run_layout(work, instances, args.bookings, args.clients, https_port, http_port)
            for instances in (1, 2)
        ]
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    one, two = results
    print(f"bookings: {args.bookings}, clients at once: {args.clients}, cores: {os.cpu_count()}")
    print(f"{'':24}{one['layout']:>28}{two['layout']:>28}{'ratio':>8}")
    for key in (
        "posted_302", "confirmed", "bookings_per_s", "mails_once", "mails_twice",
        "mails_missing", "all_sent_s", "mails_per_s",
    ):  # fmt: skip
        ratio = two[key] / one[key] if one[key] else float("nan")
        print(f"{key:24}{one[key]:>28.2f}{two[key]:>28.2f}{ratio:>8.2f}")
    failed = any(
        result["posted_302"] != args.bookings
        or result["confirmed"] != args.bookings
        or result["mails_once"] != args.bookings
        or result["mails_twice"]
        for result in results
    )
    print("RESULT:", "FAIL" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
