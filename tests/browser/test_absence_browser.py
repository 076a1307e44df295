""" "I can't come this time" in Chromium: a parent on a phone marks the next meeting from the
booking's page, and the leader sees it on that session's check list."""

import re
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from bookings.models import Attendance, AttendanceMark, BookingStatus
from tests.bookings.organize.conftest import make_course, make_organizer
from tests.browser.conftest import assert_no_wcag_violations, needs_chromium

SCREENSHOTS = Path(tempfile.gettempdir())  # absence-*.png, to look at after a run
PASSWORD = "leader-at-the-door-2026"  # noqa: S105 (a test user's password)

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_parent_says_they_cant_come_and_the_leader_sees_it(
    live_server, parent_page, chromium_browser, staff_login, make_offering
):
    course = make_course(make_offering)  # the fourth of eleven sessions is today at 18:00
    booking = course.bookings.filter(status=BookingStatus.CONFIRMED).order_by("name").first()
    coming = list(course.sessions.order_by("starts_at"))[4]  # next week's
    page = parent_page

    page.goto(live_server.url + reverse("bookings:manage", args=[booking.token]))
    heading = page.get_by_role("heading", name="Kan du inte komma någon gång?")
    expect(heading).to_be_visible()
    item = page.locator(f".absence-list__item:has(input[name=session][value='{coming.pk}'])")
    button = item.get_by_role("button", name=re.compile(r"^Jag kan inte komma"))
    box = button.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 390  # a thumb's target, on screen
    page.screenshot(path=str(SCREENSHOTS / "absence-1-phone.png"), full_page=True)
    assert_no_wcag_violations(page)

    with page.expect_navigation():
        button.click()
    expect(page.locator(".messages")).to_contain_text("Ledarna ser att du inte kan komma")
    expect(page.locator(".absence-list__item--away")).to_contain_text(
        "Du har sagt att du inte kan komma."
    )
    page.screenshot(path=str(SCREENSHOTS / "absence-2-phone-said.png"), full_page=True)
    assert_no_wcag_violations(page)
    assert Attendance.objects.get(booking=booking).mark == AttendanceMark.NOTIFIED
    assert Attendance.objects.get(booking=booking).session_id == coming.pk

    leader = make_organizer(course)
    leader.set_password(PASSWORD)
    leader.save()
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    tablet = context.new_page()
    check_list = reverse("organize:session_attendance", args=[course.pk, coming.pk])
    staff_login(tablet, leader, PASSWORD, next_url=check_list)
    group = tablet.get_by_role("group", name=re.compile(re.escape(booking.name)))
    expect(group.get_by_role("radio", name="Frånvarande, anmält i förväg")).to_be_checked()
    expect(tablet.locator(".attendance-counts")).to_contain_text("1 har anmält")
    tablet.screenshot(path=str(SCREENSHOTS / "absence-3-check-list.png"), full_page=True)
    context.close()

    # Taken back on the phone: the leader's list shows the household as not marked again.
    page.get_by_role("button", name=re.compile(r"^Jag kan komma ändå")).click()
    expect(page.locator(".absence-list__item--away")).to_have_count(0)
    assert not Attendance.objects.filter(booking=booking).exists()
