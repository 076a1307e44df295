"""The booking POST against its floor, side by side in one run on gunicorn and PostgreSQL.

    .venv/bin/python bench/booking_floor.py [--parents 200] [--spread 50] [--rounds 4]

It starts gunicorn (4 sync workers, `bench.floor_settings`: production settings with the
bench-only floor view and measuring middleware of `bench.floor_site`) on its own PostgreSQL
database (`--database-url`, default `bench_booking`, created and migrated when missing, its
booking tables emptied at the start), and Redis for the shared cache. Then, round after round,
`--parents` logged-in parents post at once, each one booking, to the floor view and to the real
booking form, on one hot offering and spread over `--spread` offerings (a fresh offering or set
of offerings per round, with room for everyone). It reports, for each view and layout:

- bookings per second (wall time from the first request sent to the last answer read);
- server CPU per booking: the gunicorn workers' and the database backends' CPU time (from
  /proc/<pid>/schedstat), read before and after each round;
- how long each request held the offering's lock (`X-Bench-Lock-Us`, timed inside the worker
  from the lock's SELECT ... FOR UPDATE returning to the commit returning), median and p95;
- SQL statements per POST (`X-Bench-Statements`, + 2 for BEGIN and COMMIT);

and the ratios real/floor. It fails on any answer other than the redirect, on a booking that
is missing, and on a missed target: >= 0.4x the floor's bookings/s, <= 2x its lock hold,
<= 12 queries per POST. Only loopback is used; every round is bounded by --parents.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import _common  # noqa: E402
from bench._floor_parts import (  # noqa: E402
    backend_pids,
    bench_program,
    burst,
    cpu_seconds,
    empty_booking_tables,
    ensure_database,
    logged_in_parents,
    make_offerings,
    request_bytes,
    set_up_django,
    spent,
    worker_pids,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_booking"
VIEWS = ("floor", "real")
LAYOUTS = ("hot", "spread")


@dataclass
class Tally:
    """What one view did in one layout, over all rounds."""

    bookings: int = 0
    seconds: float = 0.0
    app_cpu: float = 0.0
    db_cpu: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    lock_us: list[int] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)

    def per_second(self) -> float:
        return self.bookings / self.seconds if self.seconds else 0.0

    def cpu_ms(self, seconds: float) -> float:
        return seconds / self.bookings * 1000 if self.bookings else 0.0

    def lock_ms(self, quantile: float) -> float:
        if not self.lock_us:
            return 0.0
        ordered = sorted(self.lock_us)
        return ordered[min(len(ordered) - 1, int(len(ordered) * quantile))] / 1000


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parents", type=int, default=200)
    parser.add_argument("--spread", type=int, default=50, help="offerings in the spread layout")
    parser.add_argument("--rounds", type=int, default=4, help="measured rounds per view/layout")
    parser.add_argument("--sessions", type=int, default=3, help="sessions per offering")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8061)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()
    if urlsplit(args.database_url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        parser.error("Only a database on this machine (loopback).")
    if min(args.parents, args.spread, args.rounds, args.sessions, args.workers) < 1:
        parser.error("every number must be positive")
    return args


def one_round(
    *, view: str, offerings: list[int], sessions: list[str], port: int, master: int, tally: Tally
) -> None:
    """Every parent posts once, all at once; parent i books offering i mod len(offerings)."""
    from django.urls import reverse

    from bookings.models import Booking

    name = "bench_floor_book" if view == "floor" else "bookings:book"
    requests = [
        request_bytes(port, reverse(name, args=[offerings[i % len(offerings)]]), key)
        for i, key in enumerate(sessions)
    ]
    workers = worker_pids(master)
    backends = backend_pids()
    app_before, db_before = cpu_seconds(workers), cpu_seconds(backends)
    began = time.perf_counter()
    answers = asyncio.run(burst(port, requests))
    seconds = time.perf_counter() - began
    app_after, db_after = cpu_seconds(workers), cpu_seconds(set(backends) | set(backend_pids()))
    booked = Booking.objects.filter(offering_id__in=offerings).count()
    tally.bookings += booked
    tally.seconds += seconds
    tally.app_cpu += spent(app_before, app_after)
    tally.db_cpu += spent(db_before, db_after)
    for status, headers in answers:
        tally.statuses[status] += 1
        if "x-bench-lock-us" in headers:
            tally.lock_us.append(int(headers["x-bench-lock-us"]))
        if "x-bench-statements" in headers:
            tally.statements.append(int(headers["x-bench-statements"]))


def start_server(args) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DJANGO_SETTINGS_MODULE": "bench.floor_settings",
        "DATABASE_URL": args.database_url,
    }
    command = [
        str(REPO / ".venv" / "bin" / "gunicorn"),
        "parentsite.wsgi:application",
        f"--workers={args.workers}",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{args.port}",
        "--backlog=2048",
        "--timeout=120",
        "--log-level=warning",
    ]
    return subprocess.Popen(command, cwd=REPO, env=env)  # noqa: S603 - fixed arguments


def wait_until_ready(port: int, server: subprocess.Popen, workers: int) -> None:
    """Until every worker answers (each loads Django lazily on its first request)."""
    import urllib.request

    deadline = time.monotonic() + 60
    answered = 0
    while answered < workers * 4:
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("gunicorn did not start")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10):  # noqa: S310
                answered += 1
        except OSError:
            time.sleep(0.3)


def report(tallies: dict[tuple[str, str], Tally]) -> list[str]:
    """Print the table and the ratios; returns the targets missed."""
    print()
    print(
        f"{'layout':7} {'view':6} {'bookings':>8} {'per s':>7} {'app CPU':>8} {'db CPU':>7} "
        f"{'lock p50':>9} {'lock p95':>9} {'queries':>8}  statuses"
    )
    for (layout, view), tally in tallies.items():
        queries = statistics.median(tally.statements) + 2 if tally.statements else 0
        print(
            f"{layout:7} {view:6} {tally.bookings:8d} {tally.per_second():7.1f} "
            f"{tally.cpu_ms(tally.app_cpu):6.2f}ms {tally.cpu_ms(tally.db_cpu):5.2f}ms "
            f"{tally.lock_ms(0.5):7.2f}ms {tally.lock_ms(0.95):7.2f}ms {queries:8.0f}  "
            f"{dict(tally.statuses)}"
        )
    missed = []
    print()
    for layout in LAYOUTS:
        floor, real = tallies[(layout, "floor")], tallies[(layout, "real")]
        speed = real.per_second() / floor.per_second() if floor.per_second() else 0.0
        cpu = (real.cpu_ms(real.app_cpu + real.db_cpu)) / max(
            floor.cpu_ms(floor.app_cpu + floor.db_cpu), 1e-9
        )
        lock = real.lock_ms(0.5) / max(floor.lock_ms(0.5), 1e-9)
        print(
            f"{layout}: real/floor bookings/s {speed:.2f}x (target >= 0.4), server CPU per "
            f"booking {cpu:.2f}x, lock held {lock:.2f}x (target <= 2)"
        )
        if speed < 0.4:
            missed.append(f"{layout}: bookings/s {speed:.2f}x < 0.4x")
        if lock > 2:
            missed.append(f"{layout}: lock held {lock:.2f}x > 2x")
    queries = max((max(t.statements) + 2 for t in tallies.values() if t.statements), default=0)
    real_queries = max(
        max(tallies[(layout, "real")].statements, default=0) + 2 for layout in LAYOUTS
    )
    print(f"queries per real POST (statements + BEGIN/COMMIT), most seen: {real_queries}")
    if real_queries > 12 or queries == 0:
        missed.append(f"queries per POST {real_queries} > 12")
    return missed


def check_tools() -> None:
    """gunicorn and the Redis client are production parts the lock file does not pin."""
    missing = [name for name in ("gunicorn", "redis") if importlib.util.find_spec(name) is None]
    if missing:
        names = " ".join(missing)
        raise SystemExit(f"Install {names} first: .venv/bin/pip install {names}")


def main() -> int:
    args = arguments()
    check_tools()
    began = time.perf_counter()
    ensure_database(args.database_url)
    set_up_django(args.database_url)
    empty_booking_tables()
    program, venue = bench_program()
    sessions = logged_in_parents(args.parents)
    print(
        f"{args.parents} parents, hot: 1 offering, spread: {args.spread} offerings, "
        f"{args.sessions} sessions each, {args.rounds} rounds, gunicorn {args.workers} sync workers"
    )
    server = start_server(args)
    tallies = {(layout, view): Tally() for layout in LAYOUTS for view in VIEWS}
    try:
        wait_until_ready(args.port, server, args.workers)
        for round_number in range(args.rounds + 1):  # round 0 (a few posts) warms up
            for layout in LAYOUTS:
                for view in VIEWS:
                    count = 1 if layout == "hot" else args.spread
                    offerings = make_offerings(
                        program, venue, count=count, capacity=args.parents, sessions=args.sessions
                    )
                    tally = tallies[(layout, view)] if round_number else Tally()
                    one_round(
                        view=view,
                        offerings=offerings,
                        sessions=sessions if round_number else sessions[: args.workers * 10],
                        port=args.port,
                        master=server.pid,
                        tally=tally,
                    )
            print(f"round {round_number} done at {time.perf_counter() - began:.0f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)
    from bookings.models import OutboxMessage

    missed = report(tallies)
    expected = args.parents * args.rounds
    lost = [key for key, tally in tallies.items() if tally.bookings != expected]
    errors = [key for key, tally in tallies.items() if set(tally.statuses) != {302}]
    real_bookings = (args.rounds * args.parents + min(args.parents, args.workers * 10)) * len(
        LAYOUTS
    )
    outbox = OutboxMessage.objects.count()
    print(f"outbox rows: {outbox} for {real_bookings} real bookings (one each)")
    for problem in missed:
        print(f"missed target: {problem}")
    if lost or errors or outbox != real_bookings:
        print(f"bookings missing: {lost}; answers other than 302: {errors}")
    return _common.result(began, not (missed or lost or errors or outbox != real_bookings))


if __name__ == "__main__":
    sys.exit(main())
