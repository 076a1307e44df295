"""Settings for `scale_out.py`: the production settings, with every e-mail written to a file of
its own in BENCH_MAIL_DIR (so the run can count, across all workers, what was sent) and without
the rate limits that would stop one client address booking many seats."""

from parentsite.settings.production import *  # noqa: F403

EMAIL_BACKEND = "bench._mail_files.OneFilePerMessageBackend"
BOOKING_RATE_LIMITS = {}
ACCOUNT_RATE_LIMITS = False
