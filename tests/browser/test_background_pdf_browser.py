"""A large list's PDF made in the background, in Chromium: the status page follows it without
being reloaded, announces it in its status region, then offers the file; no WCAG violation and
nothing the Content-Security-Policy refuses."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from bookings.models import AttendancePdf
from bookings.organize.background_pdfs import make_attendance_pdf
from tests.bookings.organize.conftest import make_course, make_organizer
from tests.browser.conftest import (
    assert_no_wcag_violations,
    csp_violations_on,
    needs_chromium,
    watch_csp,
)
from tests.conftest import staff_reads_in

PASSWORD = "a-long-list-for-the-evening-2026"  # noqa: S105 (a test user's password)

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def organizer_page(chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_the_status_page_follows_the_pdf_and_then_offers_it(
    live_server, organizer_page, staff_login, make_offering
):
    course = make_course(make_offering)
    user = make_organizer(course)
    user.set_password(PASSWORD)
    user.save()
    staff_reads_in(user, "en")
    pdf = AttendancePdf.objects.create(offering=course, language="en")  # asked for, not made
    status_url = reverse("organize:pdf_status", args=[course.pk, pdf.pk])
    page = organizer_page

    staff_login(page, user, PASSWORD, next_url=status_url)

    region = page.locator("#pdf-status")
    expect(region).to_have_attribute("role", "status")  # announced when it changes
    expect(region).to_contain_text("The PDF is being made.")
    expect(region).to_have_attribute("data-pdf-status", "waiting")
    assert_no_wcag_violations(page, how="evaluate")
    page.evaluate("window.notReloaded = true")

    make_attendance_pdf.call(pdf_id=str(pdf.pk))  # the worker

    expect(region).to_have_attribute("data-pdf-status", "ready", timeout=10_000)
    expect(region).to_contain_text("The PDF is ready.")
    assert page.evaluate("window.notReloaded") is True  # put in place, not reloaded
    link = region.get_by_role("link", name="Open the PDF")
    assert link.get_attribute("href") == reverse("organize:pdf_file", args=[course.pk, pdf.pk])
    assert_no_wcag_violations(page, how="evaluate")
    assert csp_violations_on(page) == []
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
