"""How the e-mail outbox behaves under a slow provider: booking latency and worker drain rate.

Usage (from the repository root; takes about a minute and a half with the defaults):

    .venv/bin/python bench/outbox_latency.py [--bookings 50] [--messages 1000] [--control 2]

It builds a throwaway SQLite database in a temporary folder (DATABASE_URL is ignored), with the
development settings, i.e. the real django-tasks-db queue, and measures:

(a) booking latency: `--bookings` calls of `book_offering` with a fake provider that takes 2 s
    per message, interleaved with as many against an instant one. Bookings only write the
    outbox row and enqueue the task after commit, so the two should cost the same. A control
    run with tasks executed inline (ImmediateBackend) shows that the bench would notice if
    sending ever moved back into the request;
(b) drain rate: `--messages` outbox messages queued in one transaction, then drained by
    `manage.py db_worker --batch` with a provider that takes 50 ms per message. It checks
    that every row ends `sent` and that the provider saw every Message-ID exactly once.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

INSTANT = "bench.fake_email.InstantBackend"
SLOW = "bench.fake_email.SlowBackend"
PROVIDER_SECONDS_BOOKING = 2.0
PROVIDER_SECONDS_DRAIN = 0.05
SEND_TASK = "bookings.notifications.tasks.send_outbox_message"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def build_offering(*, capacity: int, title: str):
    """A published course with three weekly sessions at a venue, under a minimal page tree."""
    from django.utils import timezone

    from bench._common import program_page, venue
    from bookings.models import Offering, Session
    from programs.models import ProgramPage

    program = ProgramPage.objects.first() or program_page()
    offering = Offering.objects.create(
        program=program, title=title, capacity=capacity, venue=venue()
    )
    first = timezone.now() + timedelta(days=14)
    for week in range(3):
        starts = first + timedelta(weeks=week)
        ends = starts + timedelta(hours=2.5)
        Session.objects.create(offering=offering, starts_at=starts, ends_at=ends)
    return offering


def drain_queue(*, backend: str, seconds_per_message: float = 0.0) -> float:
    """Run `manage.py db_worker --batch` until the queue is empty; returns the seconds taken."""
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(EMAIL_BACKEND=backend, BENCH_EMAIL_SECONDS=seconds_per_message):
        began = time.perf_counter()
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        return time.perf_counter() - began


def describe(times: list[float]) -> tuple[float, float]:
    """(mean, p95) in milliseconds."""
    ms = sorted(t * 1000 for t in times)
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[18] if len(ms) > 1 else ms[0]
    return statistics.fmean(ms), p95


def bench_booking_latency(bookings: int, control: int) -> bool:
    """(a) Booking latency with a 2 s provider vs an instant one; True when all checks pass."""
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from bench import fake_email
    from bookings.services import book_offering

    variants = {"instant": INSTANT, "slow 2 s": SLOW}
    offerings = {
        label: build_offering(capacity=bookings + 10, title=f"Bench {label}").pk
        for label in variants
    }
    drain_queue(backend=INSTANT)  # Wagtail's own tasks from building the page tree
    timings: dict[str, list[float]] = {label: [] for label in variants}
    fake_email.reset()

    def book(offering_id: int, backend: str, email: str, **overrides) -> float:
        with override_settings(
            EMAIL_BACKEND=backend, BENCH_EMAIL_SECONDS=PROVIDER_SECONDS_BOOKING, **overrides
        ):
            began = time.perf_counter()
            book_offering(offering_id=offering_id, email=email, name="Bench Förälder")
            return time.perf_counter() - began

    for label, backend in variants.items():  # warm-up (templates, first queries): not timed
        book(offerings[label], backend, f"warmup-{label[:4]}@example.org")
    for i in range(bookings):
        # Alternate the order so that neither variant always runs first.
        order = list(variants) if i % 2 == 0 else list(reversed(variants))
        for label in order:
            email = f"parent-{label[:4]}-{i}@example.org"
            timings[label].append(book(offerings[label], variants[label], email))

    queued_tasks = DBTaskResult.objects.filter(status="READY", task_path=SEND_TASK).count()
    sent_during_bookings = sum(fake_email.sent_message_ids.values())

    print(f"(a) booking latency, {bookings} bookings per provider (DatabaseBackend queue)")
    stats = {label: describe(times) for label, times in timings.items()}
    for label, (mean, p95) in stats.items():
        print(f"    provider {label:9s} mean {mean:7.1f} ms   p95 {p95:7.1f} ms")
    ratio_mean = stats["slow 2 s"][0] / stats["instant"][0]
    ratio_p95 = stats["slow 2 s"][1] / stats["instant"][1]
    print(f"    slow/instant ratio: mean {ratio_mean:.2f}, p95 {ratio_p95:.2f}")
    print(
        f"    messages sent while booking: {sent_during_bookings} (expected 0); "
        f"tasks waiting in the queue: {queued_tasks} (expected {2 * (bookings + 1)})"
    )
    ok = sent_during_bookings == 0 and queued_tasks == 2 * (bookings + 1)

    if control:
        control_offering = build_offering(capacity=control + 1, title="Bench control").pk
        inline = [
            book(control_offering, SLOW, f"control-{i}@example.org", TASKS=IMMEDIATE_TASKS)
            for i in range(control)
        ]
        mean, p95 = describe(inline)
        print(
            f"    control: {control} bookings with tasks run inline (ImmediateBackend) and the "
            f"2 s provider: mean {mean:7.1f} ms (sending in the request would show like this)"
        )
        ok = ok and mean > PROVIDER_SECONDS_BOOKING * 1000

    leftover = Counter(
        DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True)
    )
    seconds = drain_queue(backend=INSTANT)
    print(f"    then drained the queue in {seconds:.2f} s (instant provider): {dict(leftover)}")
    return ok


def bench_drain_rate(messages: int) -> bool:
    """(b) Drain rate of `db_worker --batch` with a 50 ms provider; True when all checks pass."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from bench import fake_email
    from bookings.models import OutboxMessage, OutboxStatus
    from bookings.notifications.outbox import queue_email

    template = OutboxMessage.objects.filter(kind="booking_confirmed").first()
    fake_email.reset()
    DBTaskResult.objects.all().delete()

    began = time.perf_counter()
    with transaction.atomic():
        for i in range(messages):
            queue_email(
                kind="bench_drain",
                recipient=f"drain-{i}@example.org",
                subject=template.subject,
                body_text=template.body_text,
                body_html=template.body_html,
                attachments=template.attachments,
            )
    queue_seconds = time.perf_counter() - began
    ready = DBTaskResult.objects.filter(status="READY").count()

    seconds = drain_queue(backend=SLOW, seconds_per_message=PROVIDER_SECONDS_DRAIN)

    rows = OutboxMessage.objects.filter(kind="bench_drain")
    statuses = Counter(rows.values_list("status", flat=True))
    expected_ids = {message_id for message_id in rows.values_list("message_id", flat=True)}
    seen = {
        header.strip("<").split("@", 1)[0]: count
        for header, count in fake_email.sent_message_ids.items()
    }
    sent_once = all(seen.get(message_id) == 1 for message_id in expected_ids)
    extra = set(seen) - expected_ids
    task_statuses = Counter(DBTaskResult.objects.values_list("status", flat=True))
    floor = messages * PROVIDER_SECONDS_DRAIN

    print(f"(b) drain rate, {messages} messages, provider 50 ms per message, one db_worker")
    print(f"    queued in one transaction (+ {ready} enqueues on commit): {queue_seconds:.2f} s")
    print(
        f"    drained in {seconds:.2f} s = {messages / seconds:.1f} messages/s "
        f"(provider alone: {floor:.1f} s = {1 / PROVIDER_SECONDS_DRAIN:.0f}/s; "
        f"overhead {(seconds - floor) / messages * 1000:.1f} ms per message)"
    )
    print(f"    outbox rows by status: {dict(statuses)}; tasks by status: {dict(task_statuses)}")
    print(
        f"    every Message-ID sent exactly once: {sent_once} "
        f"(distinct seen {len(seen)}, max per id {max(seen.values(), default=0)}, "
        f"unexpected {len(extra)})"
    )
    return statuses == {OutboxStatus.SENT: messages} and sent_once and not extra


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=50, help="bookings per provider (a)")
    parser.add_argument("--messages", type=int, default=1000, help="messages to drain (b)")
    parser.add_argument(
        "--control", type=int, default=2, help="inline-sending control bookings (a); 0 skips"
    )
    args = parser.parse_args()
    if args.bookings < 1 or args.messages < 1 or args.control < 0:
        parser.error("--bookings and --messages must be positive, --control not negative")

    from bench._common import result, throwaway_database

    with throwaway_database("outbox-bench-") as began:
        ok = bench_booking_latency(args.bookings, args.control)
        ok = bench_drain_rate(args.messages) and ok
    return result(began, ok)


if __name__ == "__main__":
    sys.exit(main())
