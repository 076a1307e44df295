"""E-mail backends for the benchmarks: a provider that takes a fixed time per message and counts
what it was given, so a run can check that every message went out exactly once.

Select one with `override_settings(EMAIL_BACKEND="bench.fake_email.SlowBackend",
BENCH_EMAIL_SECONDS=0.05)`; `InstantBackend` is the same with no delay.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

_lock = threading.Lock()
# Message-ID header -> how many times a backend was asked to send it.
sent_message_ids: Counter[str] = Counter()


def reset() -> None:
    with _lock:
        sent_message_ids.clear()


class InstantBackend(BaseEmailBackend):
    """Accepts every message at once (after building its MIME bytes, as a real backend would)."""

    def seconds_per_message(self) -> float:
        return 0.0

    def send_messages(self, email_messages) -> int:
        delay = self.seconds_per_message()
        for message in email_messages:
            message.message().as_bytes()  # the serialising cost every real backend pays
            if delay:
                time.sleep(delay)
            with _lock:
                sent_message_ids[message.extra_headers.get("Message-ID", "")] += 1
        return len(email_messages)


class SlowBackend(InstantBackend):
    """A provider that needs `settings.BENCH_EMAIL_SECONDS` (default 2 s) per message."""

    def seconds_per_message(self) -> float:
        return float(getattr(settings, "BENCH_EMAIL_SECONDS", 2.0))
