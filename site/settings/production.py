"""Production settings: everything secret or host-specific must come from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY
from .environment import env_addresses, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")

DEBUG = False
# Only the proxy can send this header: gunicorn listens on loopback (deploy/gunicorn.conf.py) and
# nginx sets X-Forwarded-Proto itself, whatever the client sent (deploy/nginx/foraldrastod.conf).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# --- Security: staff always need their second factor in production; the language
# cookie travels over HTTPS only; one reverse proxy (which sets X-Forwarded-For and
# X-Forwarded-Proto) is expected in front: TRUSTED_PROXY_COUNT=0 if there is none.
STAFF_REQUIRE_MFA = True
LANGUAGE_COOKIE_SECURE = True
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
# Rate limits and allauth's limits count in the cache, so every process must share it: Redis
# when REDIS_URL is set (security.py), otherwise the database ("manage.py migrate" creates its
# table). A per-process cache is refused by a system check (parentsite.checks).
REQUIRE_SHARED_CACHE = True
if not os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "parentsite_cache",
        }
    }
# Static files: `manage.py collectstatic` writes them to STATIC_ROOT with a content hash in each
# name and a compressed copy beside it; WhiteNoise serves them from the application with a
# year's cache (a changed file gets a new name). Uploads (media) stay on local disk, MEDIA_ROOT,
# images served by the proxy (deploy/nginx/foraldrastod.conf).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(MEDIA_ROOT))  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
# Logs: one JSON object per line on standard error (journald or the container keeps them), an
# access line per request; never a name, an address, a phone number or a token (site/logging.py).
ACCESS_LOG = env_bool("ACCESS_LOG", True)
LOGGING = {
    **LOGGING,  # noqa: F405
    "formatters": {"json": {"()": "parentsite.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "parentsite.error_reporting.MaskedAdminEmailHandler",
        },
    },
    # Django's own errors go to the JSON log (root) and, when ADMINS is set, to them by e-mail.
    "loggers": {"django": {"handlers": ["mail_admins"], "level": "INFO"}},
}
# Errors: e-mailed to ADMINS ("Name <address>, address"), without what a parent posted, with
# addresses, phones and tokens masked; and sent to Sentry when SENTRY_DSN is set, scrubbed the
# same way (site/error_reporting.py).
ADMINS = env_addresses("ADMINS")
DEFAULT_EXCEPTION_REPORTER_FILTER = "parentsite.error_reporting.NoPostDataFilter"
if os.environ.get("SENTRY_DSN"):
    from parentsite import error_reporting

    error_reporting.init_sentry(
        dsn=os.environ["SENTRY_DSN"],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
    )
