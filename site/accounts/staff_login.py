"""Staff log in to the Wagtail admin through allauth and must pass a second factor there.

Who counts as staff: anyone who can open the admin (is_staff, superuser, or the permission
"wagtailadmin.access_admin", which the Editors and Organizers groups carry). Parents never need
a second factor.

- /admin/login/ is allauth's login page (e-mail and password, `LoginForm`; or a code by
  e-mail); allauth's MFA stage then asks for the authenticator code of every account that has
  one.
- `StaffSecondFactorMiddleware` guards every /admin/ URL: a staff member without an
  authenticator is sent to set one up first, and a session that never passed the second factor
  (logged in before the authenticator existed, or before the account became staff) must enter
  a code before it gets in. Off only where settings.STAFF_REQUIRE_MFA is False (the test suite;
  production forces it on).
- A staff member may not remove their authenticator (`MFAAdapter`).
"""

import copy
from functools import cache
from urllib.parse import urlencode

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_used
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .allauth_forms import EmailLengthMixin

# The session remembers which user passed the second factor in it. Django's login() keeps the
# session's data (it only changes the key), and logout() or another user's login empties it.
PASSED_SESSION_KEY = "staff_second_factor_user"


def may_use_admin(user) -> bool:
    """Whether `user` can open the Wagtail admin, and so needs a second factor."""
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )


def has_authenticator(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def passed_second_factor(request: HttpRequest) -> bool:
    return request.session.get(PASSED_SESSION_KEY) == str(request.user.pk)


def _remember_second_factor(request: HttpRequest | None, user) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[PASSED_SESSION_KEY] = str(user.pk)


@receiver(authenticator_used, dispatch_uid="staff_login_authenticator_used")
def _on_authenticator_used(sender, request=None, user=None, **kwargs) -> None:
    """A code (authenticator app or recovery code) was accepted at login or re-confirmation."""
    _remember_second_factor(request, user)


@receiver(authenticator_added, dispatch_uid="staff_login_authenticator_added")
def _on_authenticator_added(sender, request=None, user=None, authenticator=None, **kwargs):
    """Setting up the app means typing a code from it: that proves the second factor too."""
    if authenticator is not None and authenticator.type == Authenticator.Type.TOTP:
        _remember_second_factor(request, user)


@cache
def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def _redirect_with_next(url_name: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(url_name)}?{urlencode({'next': next_url})}")


class StaffSecondFactorMiddleware:
    """Every admin URL needs a staff session that has passed the second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.STAFF_REQUIRE_MFA and request.path.startswith(_admin_prefix()):
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        # Anonymous visitors and parents are Wagtail's business: it sends them to log in.
        if not may_use_admin(user) or request.path == reverse("wagtailadmin_logout"):
            return None
        if passed_second_factor(request):
            limit_staff_session(request)
            return None
        next_url = request.get_full_path()
        if not has_authenticator(user):
            return _redirect_with_next("mfa_activate_totp", next_url)
        return _redirect_with_next("mfa_reauthenticate", next_url)


def limit_staff_session(request: HttpRequest) -> None:
    """A staff session lasts at most STAFF_SESSION_COOKIE_AGE (a working day), also when the
    login page's "remember me" was left unticked (a browser session can live for weeks)."""
    age = settings.STAFF_SESSION_COOKIE_AGE
    session = request.session
    if session.get_expire_at_browser_close() or session.get_expiry_age() > age:
        session.set_expiry(age)


def admin_login(request: HttpRequest) -> HttpResponse:
    """/admin/login/ (Wagtail's login page) goes to allauth's login page, keeping ?next=."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = _admin_prefix()
    if request.user.is_authenticated and not may_use_admin(request.user):
        # A parent who opened /admin/: allauth would send a logged-in visitor straight back
        # to `next`, and Wagtail here again. Their own pages instead (Wagtail's message says why).
        return HttpResponseRedirect(reverse(settings.LOGIN_REDIRECT_URL))
    return _redirect_with_next("account_login", next_url)


class LoginForm(EmailLengthMixin, AllauthLoginForm):
    """allauth's login page with its password field (settings.ACCOUNT_FORMS["login"]), and the
    address no longer than any form takes (`EmailLengthMixin`).

    allauth leaves the field out when signing up asks for no password, as here (parents get
    their account by booking). Staff log in with e-mail and password; parents who chose a
    password may too. The code by e-mail stays on its own page (LOGIN_URL).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" not in self.fields:
            self.fields["password"] = copy.deepcopy(self.base_fields["password"])
            self.order_fields(["login", "password", "remember"])


class MFAAdapter(DefaultMFAAdapter):
    """allauth.mfa for this site: the site's name in authenticator apps; staff keep their app."""

    def get_totp_issuer(self) -> str:
        return settings.WAGTAIL_SITE_NAME

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if (
            settings.STAFF_REQUIRE_MFA
            and authenticator.type == Authenticator.Type.TOTP
            and may_use_admin(authenticator.user)
        ):
            return False
        return super().can_delete_authenticator(authenticator)
