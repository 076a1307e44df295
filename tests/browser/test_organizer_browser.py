"""A group leader in Chromium on a tablet: log in to the admin, take attendance at the door,
save, see the grid, and open the printed list."""

import re
import tempfile
import time
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from bookings.models import Attendance, BookingStatus
from bookings.services.staff import record_attendance
from tests.bookings.organize.conftest import make_course, make_organizer
from tests.browser.conftest import (
    assert_no_wcag_violations,
    csp_violations_on,
    needs_chromium,
    watch_csp,
)

# organizer-*.png in the temporary directory (/tmp), to look at after a run.
SCREENSHOTS = Path(tempfile.gettempdir())
PASSWORD = "tablet-at-the-door-2026"  # noqa: S105 (a test user's password)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the leader's authenticator app, for this test
TABLET = {"width": 820, "height": 1180}

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"organizer-{name}.png"), full_page=True)


def _assert_no_wcag_violations(page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the whole page, Wagtail's chrome included.

    axe is evaluated through the DevTools protocol rather than added as a <script>: the admin's
    Content-Security-Policy (script-src 'self') rightly blocks inline scripts.
    """
    assert_no_wcag_violations(page, how="evaluate")


@pytest.fixture
def tablet_page(chromium_browser):
    context = chromium_browser.new_context(viewport=TABLET, has_touch=True, locale="sv-SE")
    watch_csp(context)  # what the Content-Security-Policy refused
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _authenticator_code() -> str:
    """What the leader's authenticator app shows now."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(TOTP_SECRET, counter))


@pytest.fixture
def leader(make_offering, settings):
    """The leader of a six-household course whose fourth session is today at 18:00, with a
    password and an authenticator app, as every staff member has in production."""
    settings.STAFF_REQUIRE_MFA = True  # production's rule; the rest of the suite turns it off
    course = make_course(make_offering)
    user = make_organizer(course)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTP.activate(user, TOTP_SECRET)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # stable words to find buttons by
    profile.save()
    return user, course


def test_leader_takes_attendance_on_a_tablet(live_server, tablet_page, leader):
    user, course = leader
    page = tablet_page
    households = list(course.bookings.filter(status=BookingStatus.CONFIRMED).order_by("name"))
    sessions = list(course.sessions.order_by("starts_at"))
    today = sessions[3]
    # Three sessions are behind them: everyone came, except one household once.
    for held in sessions[:3]:
        marks = {booking.pk: "present" for booking in households}
        record_attendance(session_id=held.pk, actor=user, marks=marks)
    record_attendance(session_id=sessions[1].pk, actor=user, marks={households[4].pk: "absent"})
    grid_url = reverse("organize:attendance", args=[course.pk])

    # Log in as staff do: the admin's login sends them to allauth's page (e-mail, password),
    # then the code from the authenticator app.
    page.goto(f"{live_server.url}/admin/login/?next={grid_url}")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(reverse("mfa_authenticate"))))
    page.fill("input[name=code]", _authenticator_code())
    page.locator("form.code-form button[type=submit]").first.click()
    page.wait_for_url(re.compile(re.escape(grid_url) + "$"))
    _shot(page, "1-grid")

    # One tap from the grid to today's check list.
    page.get_by_role("link", name=re.compile(r"^Take attendance: ")).tap()
    check_list_url = reverse("organize:session_attendance", args=[course.pk, today.pk])
    page.wait_for_url(re.compile(re.escape(check_list_url) + "$"))
    assert page.get_by_text("0 of 6 households marked present").is_visible()

    def choice(booking, word):
        """The label (the whole touch target) of one household's choice."""
        group = page.get_by_role("group", name=re.compile(booking.name))
        return group.locator("label").filter(has=page.get_by_role("radio", name=word, exact=True))

    # Every choice is a big touch target; the leader taps the labels.
    for word in ("Present", "Absent (no-show)", "Not marked yet"):
        box = choice(households[0], word).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (word, box)
    choice(households[0], "Present").tap()
    choice(households[1], "Present").tap()
    choice(households[2], "Absent (no-show)").tap()
    first = page.get_by_role("group", name=re.compile(households[0].name))
    assert first.get_by_role("radio", name="Present", exact=True).is_checked()
    _shot(page, "2-check-list-marked")

    _assert_no_wcag_violations(page)

    save = page.get_by_role("button", name="Save attendance")
    assert save.is_visible()  # sticky at the bottom of the screen, in reach without scrolling
    with page.expect_navigation():
        save.tap()
    assert page.url == live_server.url + check_list_url
    expect(page.locator(".messages").get_by_text("Attendance saved: 3 changes")).to_be_visible()
    expect(page.get_by_text("2 of 6 households marked present")).to_be_visible()
    _shot(page, "3-check-list-saved")
    _assert_no_wcag_violations(page)
    assert dict(Attendance.objects.filter(session=today).values_list("booking_id", "mark")) == {
        households[0].pk: "present",
        households[1].pk: "present",
        households[2].pk: "absent",
    }

    # "Mark everyone not yet marked as present" (a small script) fills in only the rest.
    page.get_by_role("button", name="Mark everyone not yet marked as present").tap()
    expected = ["Present", "Present", "Absent (no-show)", "Present", "Present", "Present"]
    for booking, wanted in zip(households, expected, strict=True):
        group = page.get_by_role("group", name=re.compile(booking.name))
        assert group.get_by_role("radio", name=wanted, exact=True).is_checked()

    # The script is our own file: the Content-Security-Policy let everything on the page run.
    assert csp_violations_on(page) == []

    # Back to the grid (leaving the filled-in form unsaved): today's column shows the marks.
    page.get_by_role("link", name="All sessions").tap()
    page.wait_for_url(re.compile(re.escape(grid_url) + "$"))
    column = 2 + 3  # household, persons, then the fourth session
    cells = [
        page.locator(".attendance-grid__table tbody tr").nth(n).locator("td").nth(column - 1)
        for n in range(4)
    ]
    assert [cell.inner_text().split() for cell in cells] == [
        ["✓", "present"],
        ["✓", "present"],
        ["✗", "absent", "(no-show)"],
        ["not", "marked", "yet"],  # an empty box, as on the printed list
    ]
    # One no-show in the held sessions, plus today's absent household once today has started.
    no_shows = 1 + (today.starts_at <= timezone.now())
    summary = page.locator(".attendance-summary").inner_text()
    assert re.search(rf"No-shows\s+{no_shows}\b", summary), summary
    _shot(page, "4-grid-marked")
    _assert_no_wcag_violations(page)

    # The printable list of today's session names the households.
    page.goto(
        live_server.url + reverse("organize:print_list", args=[course.pk]) + f"?session={today.pk}"
    )
    assert page.get_by_text(households[0].name).first.is_visible()
    _shot(page, "5-print-list")
