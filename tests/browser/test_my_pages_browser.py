"""A parent on a phone in Chromium: log in with a code, look at My pages, save their details,
start changing their e-mail address, see all data we keep; axe-core finds no WCAG 2.1 A/AA
violation on any of these pages or the account pages, in Swedish and English.

Screenshots go to /tmp/mypages-*.png (390 px wide) to look at after a run.
"""

import json
import re
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bookings.models import Attendance, BookingStatus, ParentProfile
from tests.browser.conftest import (
    assert_no_wcag_violations,
    axe_violations,
    in_language,
    needs_chromium,
)
from tests.factories import (
    BookingFactory,
    OfferingFactory,
    ProgramPageFactory,
    SessionFactory,
    StandardPageFactory,
)
from tests.site.accounts.conftest import make_parent

SCREENSHOTS = Path(tempfile.gettempdir())

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"mypages-{name}.png"), full_page=True)


def _assert_accessible(page) -> None:
    assert_no_wcag_violations(page, how="script_tag")


def _code_from_mail() -> str:
    return re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", mail.outbox[-1].body).group(1)


@pytest.fixture
def phone(chromium_browser):
    """A phone-sized Swedish browser; `bypass_csp` lets axe-core's script in past the site's
    Content-Security-Policy (the page's own scripts still obey it)."""
    context = chromium_browser.new_context(
        locale="sv-SE", viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def sara(site_pages):
    """A parent with a coming course, an evening she cancelled and a meetup she went to."""
    home, index = site_pages
    StandardPageFactory(parent=home, slug="personuppgifter", title="Personuppgifter")
    user = make_parent("sara@example.org")
    now = timezone.now()
    komet = ProgramPageFactory(parent=index, title="KOMET 3–11", slug="komet-3-11")
    course = OfferingFactory(program=komet, title="Torsdagar 18:00")
    for week in range(3):
        SessionFactory(offering=course, starts_at=now + timedelta(days=7 + 7 * week))
    BookingFactory(offering=course, user=user, email=user.email, name="Sara Nilsson")
    evening = OfferingFactory(
        program=ProgramPageFactory(parent=index, title="Föräldrakväll ANDT", kind="event"),
        title="Onsdag 18:30",
    )
    SessionFactory(offering=evening, starts_at=now + timedelta(days=20))
    BookingFactory(
        offering=evening,
        user=user,
        email=user.email,
        name="Sara Nilsson",
        status=BookingStatus.CANCELLED,
    )
    meetup = OfferingFactory(
        program=ProgramPageFactory(parent=index, title="NPF-träff", kind="meetup"),
        title="Oktober",
    )
    held = SessionFactory(offering=meetup, starts_at=now - timedelta(days=30))
    went = BookingFactory(offering=meetup, user=user, email=user.email, name="Sara Nilsson")
    Attendance.objects.create(booking=went, session=held, mark="present")
    return user


def _log_in_with_a_code(page, live_server, language: str = "sv") -> None:
    page.goto(live_server.url + in_language(reverse("mypages:index"), language))
    page.wait_for_url(re.compile(reverse("account_request_login_code")))
    _assert_accessible(page)
    _shot(page, "01-login")
    page.fill("input[name=email]", "sara@example.org")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(reverse("account_confirm_login_code")))
    _assert_accessible(page)
    _shot(page, "02-code")
    page.fill("input[name=code]", _code_from_mail())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(reverse("mypages:index") + "$"))
    assert page.locator("html").get_attribute("lang") == language


def test_a_parent_uses_my_pages_on_a_phone(live_server, phone, sara):
    page = phone
    _log_in_with_a_code(page, live_server)

    # My pages: the coming course first, the cancelled evening and past meetup below.
    assert page.locator("html").get_attribute("lang") == "sv"
    cards = page.locator(".card__title").all_inner_texts()
    assert cards[0].startswith("KOMET 3–11")
    assert {cards[1].split(":")[0], cards[2].split(":")[0]} == {"Föräldrakväll ANDT", "NPF-träff"}
    _assert_accessible(page)
    _shot(page, "03-index")

    # Save name, phone and English e-mails.
    page.locator(f'a[href="{reverse("mypages:profile")}"]').click()
    page.fill("#id_name", "Sara Nilsson")
    page.fill("#id_phone", "fel")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#form-errors")
    _assert_accessible(page)
    _shot(page, "04-profile-error")
    page.fill("#id_phone", "070-765 43 21")
    page.check("input[name=language][value=en]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(reverse("mypages:index") + "$"))
    assert page.locator(".message").is_visible()
    profile = ParentProfile.objects.get(user=sara)
    assert (profile.phone, profile.language) == ("070-765 43 21", "en")

    # Change of e-mail address: the code goes to the new address; nothing changes before it.
    page.goto(live_server.url + reverse("account_email"))
    _assert_accessible(page)
    _shot(page, "05-email-change")
    page.fill("input[name=email]", "sara.ny@example.org")
    page.locator("main form button[name=action_add]").click()
    page.wait_for_url(re.compile(reverse("account_email_verification_sent")))
    assert mail.outbox[-1].to == ["sara.ny@example.org"]
    _assert_accessible(page)
    _shot(page, "06-email-code")
    sara.refresh_from_db()
    assert sara.email == "sara@example.org"

    # Everything we keep, readable.
    page.goto(live_server.url + reverse("mypages:my_data"))
    assert page.get_by_text("KOMET 3–11: Torsdagar 18:00").is_visible()
    _assert_accessible(page)
    _shot(page, "07-my-data")

    # The optional password and logging out.
    page.goto(live_server.url + reverse("account_set_password"))
    _assert_accessible(page)
    _shot(page, "08-set-password")
    page.goto(live_server.url + reverse("account_logout"))
    _assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto(live_server.url + reverse("mypages:index"))
    page.wait_for_url(re.compile(reverse("account_request_login_code")))


def test_my_pages_in_english_have_no_wcag_violations(live_server, phone, sara):
    page = phone
    _log_in_with_a_code(page, live_server, language="en")
    found = {}
    for url in (
        reverse("mypages:index"),
        reverse("mypages:profile"),
        reverse("mypages:my_data"),
        reverse("account_email"),
        reverse("account_set_password"),
        reverse("account_logout"),
        reverse("account_login"),
        reverse("account_signup"),
    ):
        page.goto(live_server.url + in_language(url, "en"))
        problems = axe_violations(page, how="script_tag")
        if problems:
            found[url] = problems
    _shot(page, "09-english")
    assert found == {}, json.dumps(found, indent=1)
