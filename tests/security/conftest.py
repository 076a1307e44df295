"""Fixtures for the security tests: staff with passwords, authenticator codes, a clean cache."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from tests.factories import UserFactory

PASSWORD = "a-long-staff-password-2026"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # an authenticator app's secret, for these tests


def totp_code(secret: str = SECRET, *, step: int = 0) -> str:
    """What an authenticator app with `secret` shows now (`step` periods later or earlier)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + step
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture(autouse=True)
def clean_cache():
    """Rate-limit counters and "code already used" marks live in the cache: start empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_required(settings):
    """Production's rule, which the rest of the suite turns off (see settings/test.py)."""
    settings.STAFF_REQUIRE_MFA = True
    return settings


def make_user(username: str, *, group: str = "", superuser: bool = False):
    user = UserFactory(username=username, is_superuser=superuser, is_staff=superuser)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if group:
        # Made here if an earlier test emptied the tables that Wagtail's migrations fill.
        admin_access = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        staff_group = Group.objects.get_or_create(name=group)[0]
        staff_group.permissions.add(admin_access)
        user.groups.add(staff_group)
    return user


@pytest.fixture
def editor(db):
    """A staff member without an authenticator app yet (admin access through Editors)."""
    return make_user("redaktor", group="Editors")


@pytest.fixture
def staff(db):
    """A staff member (superuser) whose authenticator app has SECRET."""
    user = make_user("chef", superuser=True)
    TOTP.activate(user, SECRET)
    return user


@pytest.fixture
def parent(db):
    """A parent with a password (parents may choose one), no admin access."""
    return make_user("foralder")


def has_authenticator(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
