"""Settings for `make run`: debug on, SQLite, mail printed to the console."""

from .base import *  # noqa: F403
from .base import os

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret"  # noqa: S105

# The task worker logs every task at INFO; in development only problems are interesting.
LOGGING["loggers"] = {"django_tasks": {"level": "WARNING"}}  # noqa: F405

# The demo's logins and fixed authenticator secret (`load_demo`, `manage.py demo_totp`).
DEMO_MODE = True

# The demo's second municipality (Sollentuna) answers at its own host name (`load_demo`).
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "sollentuna.localhost"]  # noqa: F405
