"""`manage.py check --deploy` is clean with the production settings, and they keep staff's second
factor on, the demo off, and cookies and headers strict. Each run is a fresh process: the
production settings module refuses to load without a SECRET_KEY and must not mix with the
test settings."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production(tmp_path, code: str, **extra_env) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "DEMO_", "SECURE_", "TRUSTED_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="parentsite.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),  # 80 random characters
        ALLOWED_HOSTS="foraldrastod.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        **extra_env,
    )
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


CHECK = """
import django
from django.core.management import call_command
django.setup()
call_command("check", "--deploy", "--fail-level", "WARNING")
"""


def test_check_deploy_is_clean(tmp_path):
    result = production(tmp_path, CHECK)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_would_catch_a_weak_setup(tmp_path):
    """Control: the same run fails when a production setting is weakened."""
    result = production(tmp_path, CHECK, SECURE_SSL_REDIRECT="false")
    assert result.returncode != 0
    assert "security.W008" in result.stderr


SHOW = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "STAFF_REQUIRE_MFA": s.STAFF_REQUIRE_MFA,
    "DEMO_MODE": s.DEMO_MODE,
    "DEBUG": s.DEBUG,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
    "SESSION_COOKIE_SAMESITE": s.SESSION_COOKIE_SAMESITE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "LANGUAGE_COOKIE_SECURE": s.LANGUAGE_COOKIE_SECURE,
    "X_FRAME_OPTIONS": s.X_FRAME_OPTIONS,
    "SECURE_REFERRER_POLICY": s.SECURE_REFERRER_POLICY,
    "csp": "parentsite.middleware.SecurityHeadersMiddleware" in s.MIDDLEWARE,
    "mfa": "parentsite.accounts.staff_login.StaffSecondFactorMiddleware" in s.MIDDLEWARE,
    "rate_limits": bool(s.ACCOUNT_RATE_LIMITS) and bool(s.BOOKING_RATE_LIMITS),
    "proxies": s.ALLAUTH_TRUSTED_PROXY_COUNT,
}))
"""


def test_production_keeps_staff_mfa_on_and_the_demo_off(tmp_path):
    result = production(tmp_path, SHOW)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "STAFF_REQUIRE_MFA": True,
        "DEMO_MODE": False,
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin",
        "csp": True,
        "mfa": True,
        "rate_limits": True,
        "proxies": 1,
    }


def test_the_demo_refuses_to_load_in_production(tmp_path):
    code = "import django; django.setup(); from django.core.management import call_command; "
    code += "call_command('load_demo')"
    result = production(tmp_path, code)
    assert result.returncode != 0
    assert "DEMO_MODE" in result.stderr


SHARED_CACHE = """
import django
from django.conf import settings
from django.core.management import call_command
django.setup()
print(settings.CACHES["default"]["BACKEND"])
call_command("check", "--fail-level", "ERROR")
"""

PER_PROCESS_CACHE = """
import django
from django.conf import settings
django.setup()
settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
from django.core.management import call_command
call_command("check", "--fail-level", "ERROR")
"""


def test_production_counts_rate_limits_in_a_cache_every_process_shares(tmp_path):
    result = production(tmp_path, SHARED_CACHE)
    assert result.returncode == 0, result.stderr
    assert "django.core.cache.backends.db.DatabaseCache" in result.stdout


def test_a_per_process_cache_is_refused_in_production(tmp_path):
    result = production(tmp_path, PER_PROCESS_CACHE)
    assert result.returncode != 0
    assert "parentsite.E001" in result.stderr


COUNT_ONCE = """
import django
from django.core.management import call_command
django.setup()
call_command("createcachetable", verbosity=0)  # what migration parentsite 0006 does
from django.core.cache import cache
print(cache.incr("probe") if cache.add("probe", 1) is False else 1)
"""


def test_two_processes_count_in_one_cache(tmp_path):
    """Rate limits count per site, not per worker: two processes see each other's counts."""
    first = production(tmp_path, COUNT_ONCE)
    second = production(tmp_path, COUNT_ONCE)
    assert first.returncode == 0, first.stderr
    assert (first.stdout.split()[-1], second.stdout.split()[-1]) == ("1", "2")
