"""Build a PostgreSQL database with the demo and a made-up booking history of any size.

    .venv/bin/python bench/history.py --database bench_history_1m --bookings 1000000

drops and re-creates the database (its name must start with "bench_"), migrates it, loads the
demo (today's groups, bookings and logins), then adds `--bookings` anonymized bookings of
finished groups over the `--years` calendar years before this one, with their sessions,
attendance marks and staff-log entries (see `_history_rows.py`), through COPY. It also adds
what `pages.py` measures with: a wide-open evening for the booking posts, parents to post
it, and (`--many-offerings N`) a program with N upcoming single dates. Last, it does what
the periodic job would have done on a site running all along: it stores the statistics of the
years that are over.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

BOOKING_PARENTS = 60  # accounts that post the booking form in pages.py, one post each


def recreate_database(name: str) -> str:
    """Drop and create `name` on the local server; returns its DATABASE_URL."""
    import psycopg

    if not name.startswith("bench_"):
        raise SystemExit("The database's name must start with 'bench_' (it is dropped first).")
    server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="e.g. bench_history_1m (dropped!)")
    parser.add_argument("--bookings", type=int, default=1000, help="bookings of history")
    parser.add_argument("--years", type=int, default=6, help="calendar years of history")
    parser.add_argument("--many-offerings", type=int, default=0, metavar="N")
    args = parser.parse_args()
    began = time.perf_counter()
    setup_django(recreate_database(args.database))

    import logging

    from django.core.management import call_command

    logging.getLogger("wagtail").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    call_command("load_demo")
    print(f"migrated and loaded the demo in {time.perf_counter() - began:.0f} s", flush=True)

    import _history_extras as extras

    step = time.perf_counter()
    counts = extras.add_history(bookings=args.bookings, years=args.years)
    print(
        f"history: {counts.offerings} offerings, {counts.sessions} sessions, {counts.bookings} "
        f"bookings, {counts.marks} marks, {counts.log_entries} log entries "
        f"in {time.perf_counter() - step:.0f} s",
        flush=True,
    )
    extras.add_booking_evening(parents=BOOKING_PARENTS)
    if args.many_offerings:
        extras.add_many_offerings(args.many_offerings)
    extras.refresh_offering_dates()
    step = time.perf_counter()
    years = extras.count_statistics_years()
    print(f"statistics stored for {years} years over in {time.perf_counter() - step:.0f} s")
    step = time.perf_counter()
    extras.vacuum_analyze()
    print(f"VACUUM ANALYZE in {time.perf_counter() - step:.0f} s")
    print(f"total {time.perf_counter() - began:.0f} s; RESULT: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
