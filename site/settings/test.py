"""Settings for the test suite: fast hashing, tasks run inline, mail kept in memory."""

from .base import *  # noqa: F403
from .base import os

SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = False
# Concurrency tests hold one connection per thread on purpose: no pool to wait on.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)  # noqa: F405
if not os.environ.get("DATABASE_URL"):
    # A file, not memory, so the live server's threads see the same data; one per process so
    # that parallel runs do not share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }
# --- Security: like ACCOUNT_RATE_LIMITS above, off for the suite (tests log staff in
# with force_login and post many bookings from one address); tests/security turn them on.
STAFF_REQUIRE_MFA = False
BOOKING_RATE_LIMITS = {}
DEMO_MODE = True
# --- end security
# The bounce tests post what Postmark sends.
EMAIL_WEBHOOK_PROVIDER = "postmark"
