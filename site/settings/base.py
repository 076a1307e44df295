"""Settings shared by every environment; each value that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url

from .environment import env_bool, env_list
from .languages import *  # noqa: F403 (LANGUAGES, LANGUAGE_CODE, Wagtail's content languages)

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
# The project-wide templates/, static/ and locale/ folders: at the top of a checkout (next to
# manage.py); an installed wheel carries them inside the parentsite package (pyproject.toml).
IN_CHECKOUT = (BASE_DIR / "manage.py").is_file()
SHARED_FILES_DIR = BASE_DIR if IN_CHECKOUT else PROJECT_DIR


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "parentsite",
    "programs",
    "bookings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",  # staff second factor
    "anymail",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "parentsite.health.HealthCheckMiddleware",  # /healthz, /readyz before host checks, redirects
    "parentsite.logging.RequestLogMiddleware",  # X-Request-ID; the access log (ACCESS_LOG)
    "django.middleware.security.SecurityMiddleware",
    "parentsite.middleware.SecurityHeadersMiddleware",  # CSP, Permissions-Policy
    "django.contrib.sessions.middleware.SessionMiddleware",
    "parentsite.middleware.UrlLanguageMiddleware",  # the language is in the path
    "parentsite.middleware.RejectNulCharacterMiddleware",  # 400 before a NUL reaches a query
    "parentsite.middleware.MethodNotAllowedPageMiddleware",  # the site's page for every 405
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "parentsite.accounts.staff_login.StaffSecondFactorMiddleware",  # staff need a second factor
    "parentsite.private_pages.NoStoreForPersonalDataMiddleware",  # personal data is not cached
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "parentsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SHARED_FILES_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "parentsite.wsgi.application"


def database_from_env() -> dict:
    """PostgreSQL (or anything dj-database-url knows) from DATABASE_URL; SQLite otherwise.

    SQLite runs every transaction as IMMEDIATE so that a booking takes the write lock when it
    begins: concurrent writers wait for each other instead of failing with "database is locked".
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        database = dj_database_url.parse(url, conn_health_checks=True)
        pool_size = int(os.environ.get("DATABASE_POOL_SIZE", "20"))
        if database["ENGINE"] == "django.db.backends.postgresql" and pool_size > 0:
            # A connection pool per process: a burst of requests (many parents booking the
            # last seats at once) waits for a free connection instead of exceeding the
            # server's max_connections and failing.
            database.setdefault("OPTIONS", {})["pool"] = {
                "min_size": 1,
                "max_size": pool_size,
                "timeout": 30,
            }
        else:
            database["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "0"))
        return database
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LOCALE_PATHS = [SHARED_FILES_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Installed, static/ is the parentsite app's own folder, which AppDirectoriesFinder finds already
# (listing it here too would make collectstatic report every file twice).
STATICFILES_DIRS = [BASE_DIR / "static"] if IN_CHECKOUT else []
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Föräldrastöd")
# No Gravatar: it would send a hash of every staff member's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]

# Background tasks: a database queue drained by `manage.py db_worker`; with REDIS_URL, RQ on
# Redis, drained by `manage.py rqworker --job-class django_tasks_rq.Job default` (docs/deploy.md).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Accounts (django-allauth): e-mail only, login by a one-time code, no password needed.
ACCOUNT_ADAPTER = "parentsite.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
# "password1" without a star: a password is optional (the login form only asks for one then).
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
LOGIN_REDIRECT_URL = "mypages:index"
LOGIN_URL = "account_request_login_code"
# My pages: a parent changes their e-mail address by entering a code sent to the new address;
# only then does it replace the old one (and their active bookings follow it).
ACCOUNT_CHANGE_EMAIL = True
# allauth's forms: staff log in with e-mail and password (the login form keeps its password
# field); every form that takes an e-mail address refuses one longer than the tables keep (254).
ACCOUNT_FORMS = {
    "login": "parentsite.accounts.staff_login.LoginForm",
    "signup": "parentsite.accounts.allauth_forms.SignupForm",
    "add_email": "parentsite.accounts.allauth_forms.AddEmailForm",
    "change_email": "parentsite.accounts.allauth_forms.ChangeEmailForm",
    "reset_password": "parentsite.accounts.allauth_forms.ResetPasswordForm",
    "request_login_code": "parentsite.accounts.allauth_forms.RequestLoginCodeForm",
}

# E-mail through django-anymail; the provider is chosen by EMAIL_BACKEND and ANYMAIL.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Föräldrastöd <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The provider whose bounce webhook is routed (/anymail/<provider>/tracking/); by default the
# one EMAIL_BACKEND sends through.
EMAIL_WEBHOOK_PROVIDER = os.environ.get("EMAIL_WEBHOOK_PROVIDER", "")
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_")
}

# Logging: never personal data; our own loggers log ids and counts only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"request_id": {"()": "parentsite.logging.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
# One line per request (method, path with its secrets named, status, duration): production.
ACCESS_LOG = env_bool("ACCESS_LOG")

# Retention: personal data of bookings is anonymized this many days after the offering's last
# session; parent accounts unused for as long are deleted.
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "90"))
# The range within which each municipality may choose its own retention time (Settings →
# Municipality in the admin).
PERSONAL_DATA_RETENTION_MIN_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_MIN_DAYS", "30"))
PERSONAL_DATA_RETENTION_MAX_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_MAX_DAYS", "730"))
# Registrations on interest lists (bookings/services/interest_anonymization.py has the rule):
# anonymized this many days after the household's last invitation (if it has not booked, it
# then leaves the list) or after it left the list (withdrew or booked a group) ...
INTEREST_RETENTION_DAYS = int(os.environ.get("INTEREST_RETENTION_DAYS", "365"))
# ... and a household never invited is kept while it waits, but at most this many days after
# it registered.
INTEREST_MAX_WAIT_DAYS = int(os.environ.get("INTEREST_MAX_WAIT_DAYS", "730"))

# Staff second factor, rate limits, cookies and headers.
from .security import *  # noqa: E402, F403
