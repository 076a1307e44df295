"""The detour a parent without a session takes: prove the e-mail address with a one-time code.

We use allauth's login-by-code process directly so that one step serves both new and returning
parents: a returning parent gets a code for their account; a new parent gets an account with no
password and a code. Either way the same message is shown, so the page reveals nothing about
who already has an account.
"""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.models import EmailAddress
from allauth.account.utils import filter_users_by_email
from allauth.core import ratelimit
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse


def _user_for_email(request: HttpRequest, email: str):
    """The account for `email`, created (without a password) when there is none.

    Two first bookings at the same moment can race for the same generated username; the
    loser of that race tries again rather than failing.
    """
    adapter = get_adapter(request)
    for _attempt in range(3):
        users = filter_users_by_email(email, prefer_verified=True)
        if users:
            return users[0]
        try:
            with transaction.atomic():
                user = adapter.new_user(request)
                user.email = email
                adapter.populate_username(request, user)
                user.set_unusable_password()
                user.save()
                EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        except IntegrityError:
            continue
        return user
    raise IntegrityError("could not create an account for a new parent")


def may_send_code(request: HttpRequest, *, email: str) -> bool:
    """allauth's own rate limit for code requests (per address and per IP address)."""
    return ratelimit.consume(request, action="request_login_code", key=email.lower())


def send_code_and_redirect(request: HttpRequest, *, email: str, next_url: str):
    """E-mail a one-time code to `email`; after it is entered the parent lands on `next_url`."""
    user = _user_for_email(request, email)
    LoginCodeVerificationProcess.initiate(request=request, user=user, email=email)
    query = urlencode({"next": next_url})
    return HttpResponseRedirect(f"{reverse('account_confirm_login_code')}?{query}")
