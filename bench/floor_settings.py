"""Settings for `booking_floor.py`'s gunicorn only: production, plus the bench's floor view and
measurements. Never used by the site itself.

Production as deployed (PostgreSQL through a connection pool, Redis for the shared cache that
counts rate limits, DEBUG off) with what a benchmark on loopback needs: plain HTTP, the rate
limits raised so that 200 parents on one address are still counted but never refused, and
`bench.floor_site` as the URL configuration: the site's own URLs plus the floor view, with a
middleware that reports each request's statements and lock hold time in response headers.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("TRUSTED_PROXY_COUNT", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from parentsite.settings.production import *  # noqa: E402, F403
from parentsite.settings.production import CACHES, MIDDLEWARE  # noqa: E402

ROOT_URLCONF = "bench.floor_site"
MIDDLEWARE = ["bench.floor_site.MeasureMiddleware", *MIDDLEWARE]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
CACHES["default"]["KEY_PREFIX"] = "bench-booking-floor"
BOOKING_RATE_LIMITS = {"ip": "1000000/10m", "user": "100000/10m"}
# The real site's production settings collect static files with a manifest; the bench never
# serves them, and templates must not fail for a missing manifest entry.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
