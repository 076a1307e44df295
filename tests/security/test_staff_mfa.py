"""Staff log in to the Wagtail admin through allauth and need a second factor; parents never do."""

from urllib.parse import parse_qs, urlparse

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from parentsite.accounts.staff_login import PASSED_SESSION_KEY
from tests.conftest import read_in
from tests.security.conftest import PASSWORD, has_authenticator, totp_code

pytestmark = pytest.mark.usefixtures("mfa_required")

ADMIN = "/admin/"
PAGES = "/admin/pages/"


def log_in(client, user, *, next_url: str = ADMIN):
    """E-mail and password on allauth's login page, as /admin/login/ sends staff there."""
    return client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, "next": next_url}
    )


def enter_code(client, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def test_admin_login_page_is_allauths_login_and_keeps_next(client):
    response = client.get(reverse("wagtailadmin_login"), {"next": PAGES})
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert target.path == reverse("account_login")
    assert parse_qs(target.query) == {"next": [PAGES]}


def test_admin_login_ignores_a_next_on_another_site(client):
    response = client.get(reverse("wagtailadmin_login"), {"next": "https://evil.example/x"})
    assert parse_qs(urlparse(response["Location"]).query) == {"next": [ADMIN]}


def test_anonymous_visit_to_the_admin_ends_on_allauths_login_page(client, db):
    response = client.get(PAGES, follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next=%2Fadmin%2Fpages%2F"
    assert response.status_code == 200


def test_staff_with_an_app_must_enter_its_code_before_the_admin_opens(client, staff):
    response = log_in(client, staff, next_url=PAGES)
    assert response["Location"] == reverse("mfa_authenticate")
    # Password alone: not logged in, no admin page.
    assert client.get(PAGES)["Location"].startswith(reverse("wagtailadmin_login"))
    assert "_auth_user_id" not in client.session

    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert 'autocomplete="one-time-code"' in page

    response = enter_code(client, "000000" if totp_code() != "000000" else "111111")
    assert response.status_code == 200
    assert client.get(PAGES).status_code == 302

    response = enter_code(client, totp_code())
    assert response["Location"] == PAGES
    assert client.get(PAGES).status_code == 200


def test_a_used_code_is_refused_the_second_time(client, staff):
    code = totp_code()
    log_in(client, staff)
    assert enter_code(client, code).status_code == 302
    client.logout()
    log_in(client, staff)
    assert enter_code(client, code).status_code == 200  # the form again, with an error
    assert client.get(ADMIN).status_code == 302


def test_a_recovery_code_works_once(client, staff):
    codes = RecoveryCodes.activate(staff).generate_codes()
    log_in(client, staff)
    assert enter_code(client, codes[0])["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    client.logout()

    log_in(client, staff)
    response = enter_code(client, codes[0])
    assert response.status_code == 200
    assert response.context["form"].errors
    assert enter_code(client, codes[1])["Location"] == ADMIN


def test_staff_without_an_app_is_sent_to_set_one_up_first(client, editor, monkeypatch):
    # allauth announces the new app once the database commits, still inside the request in
    # production; a test's transaction never commits, so run the announcement at once.
    monkeypatch.setattr(
        "allauth.mfa.totp.internal.flows.transaction.on_commit", lambda func, *a, **k: func()
    )
    response = log_in(client, editor, next_url=PAGES)
    assert response["Location"] == PAGES  # no app yet, so no code asked at login ...
    response = client.get(PAGES)
    # ... but no admin page before the app is set up.
    assert response["Location"] == f"{reverse('mfa_activate_totp')}?next=%2Fadmin%2Fpages%2F"

    # allauth asks for the password again before changing the login, then shows the QR code.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    secret = page.context["form"].secret
    assert secret in html  # for typing it into the app by hand

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert has_authenticator(editor)
    codes_page = client.get(response["Location"]).content.decode()
    assert reverse("wagtailadmin_home") in codes_page  # "Continue to the staff pages"
    # Typing the app's code while setting it up was the second factor: the admin opens.
    assert client.get(ADMIN).status_code == 200


def test_a_session_that_skipped_the_second_factor_must_confirm_with_a_code(client, staff):
    """E.g. a session from before the account got its app or its admin access."""
    client.force_login(staff)
    response = client.get(PAGES)
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2Fpages%2F"
    for url in (ADMIN, "/admin/users/", "/admin/organize/1/attendance/"):
        assert client.get(url)["Location"].startswith(reverse("mfa_reauthenticate"))

    page = client.get(response["Location"]).content.decode()
    assert 'name="code"' in page
    response = client.post(response["Location"], {"code": totp_code()})
    assert response["Location"] == PAGES
    assert client.session[PASSED_SESSION_KEY] == str(staff.pk)
    assert client.get(PAGES).status_code == 200


def test_staff_may_log_out_without_a_code(client, staff):
    client.force_login(staff)
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_by_e_mail_code_still_asks_staff_for_the_apps_code(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    import re

    with django_capture_on_commit_callbacks(execute=True):  # the worker sends the outbox row
        client.post(reverse("account_request_login_code"), {"email": staff.email})
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", mailoutbox[-1].body).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    enter_code(client, totp_code())
    assert client.get(ADMIN).status_code == 200


def test_parents_never_need_a_second_factor(client, parent, settings):
    my_pages = reverse(settings.LOGIN_REDIRECT_URL)
    response = log_in(client, parent, next_url=my_pages)
    assert response["Location"] == my_pages
    assert client.get(my_pages).status_code == 200
    # The admin refuses them as before (no talk of authenticator apps) ...
    response = client.get(ADMIN, follow=True)
    assert all(reverse("mfa_index") not in url for url, _status in response.redirect_chain)
    # ... and /admin/login/ does not bounce a logged-in parent back and forth.
    assert response.redirect_chain[-1][0] == my_pages
    assert response.status_code == 200


def test_staff_cannot_turn_their_app_off(client, staff):
    client.force_login(staff)
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code()})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"]  # "You cannot deactivate ..."
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


def test_a_parent_may_turn_their_own_app_off(client, parent):
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.security.conftest import SECRET

    TOTP.activate(parent, SECRET)
    client.force_login(parent)
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code()})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response["Location"] == reverse("mfa_index")
    assert not has_authenticator(parent)


def test_a_staff_session_lasts_a_working_day(client, staff, settings):
    log_in(client, staff)
    enter_code(client, totp_code())
    assert client.session.get_expiry_age() > settings.STAFF_SESSION_COOKIE_AGE  # "remember me"?
    client.get(ADMIN)
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_COOKIE_AGE


def test_mfa_pages_speak_swedish_by_default_and_english_on_request(client, staff):
    log_in(client, staff)
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert '<html lang="sv" dir="ltr">' in page
    assert '<label class="field__label" for="id_code">Kod</label>' in page
    read_in(client, "en")
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert "<h1>Enter the code from your app</h1>" in page


# --- The demo: staff log in with `manage.py demo_totp` instead of an authenticator app.


def call(*args) -> str:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_demo_staff_log_in_with_the_code_demo_totp_prints(client, db):
    from parentsite.demo import accounts as demo

    call("load_demo")
    with_app = set(
        Authenticator.objects.filter(type=Authenticator.Type.TOTP).values_list(
            "user__email", flat=True
        )
    )
    # Every demo login but the parent's is staff: the superuser and each municipality's staff.
    assert with_app == {account.email for account in demo.ACCOUNTS if account != demo.PARENT}
    assert {demo.ADMIN.email, demo.EDITOR.email, demo.ORGANIZER.email} < with_app

    credentials = {"login": demo.ADMIN.email, "password": demo.ADMIN.password, "next": PAGES}
    assert client.post(reverse("account_login"), credentials)["Location"] == reverse(
        "mfa_authenticate"
    )
    code = call("demo_totp", demo.ADMIN.email)
    assert len(code) == 6 and code.isdigit()
    assert enter_code(client, code)["Location"] == PAGES
    assert client.get(PAGES).status_code == 200

    lines = call("load_demo", "--print-logins").splitlines()
    assert [
        f"demo_totp {account.email}" in line
        for account, line in zip(demo.ACCOUNTS, lines, strict=True)
    ] == [account != demo.PARENT for account in demo.ACCOUNTS]  # staff; not the parent


def test_demo_totp_is_for_demo_staff_only(db, settings):
    from django.core.management.base import CommandError

    from parentsite.demo.accounts import PARENT

    with pytest.raises(CommandError, match="Not a demo staff account"):
        call("demo_totp", PARENT.email)
    with pytest.raises(CommandError, match="Not a demo staff account"):
        call("demo_totp", "someone@example.org")
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call("demo_totp", "admin@example.org")
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call("load_demo")
