"""Settings for the page benches (`history.py`, `pages.py`): the development settings with
debug off (no query log, cached templates, as in production), on DATABASE_URL, and without
the checks that would stop a scripted client: staff's authenticator code and rate limits."""

from parentsite.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STAFF_REQUIRE_MFA = False
BOOKING_RATE_LIMITS = {}
ACCOUNT_RATE_LIMITS = False
