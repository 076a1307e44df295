"""The printable attendance list on a phone, in Chromium: its table is wider than the screen
and scrolls sideways; a keyboard reaches the scrolling area with Tab (a named region with a
visible focus ring) and scrolls it with the arrow keys."""

import pytest
from django.urls import reverse

from tests.bookings.organize.conftest import make_course, make_organizer
from tests.browser.conftest import assert_no_wcag_violations, needs_chromium
from tests.conftest import staff_reads_in

PASSWORD = "a-list-on-a-small-screen-2026"  # noqa: S105 (a test user's password)

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
        className: el.className,
        role: el.getAttribute("role"),
        label: el.getAttribute("aria-label"),
        outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
        scrolls: el.scrollWidth > el.clientWidth, scrollLeft: el.scrollLeft,
    };
}"""


@pytest.fixture
def phone_page(chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_the_print_views_wide_table_is_reached_and_scrolled_with_the_keyboard(
    live_server, phone_page, staff_login, make_offering
):
    course = make_course(make_offering)
    user = make_organizer(course)
    user.set_password(PASSWORD)
    user.save()
    staff_reads_in(user, "en")
    page = phone_page
    staff_login(page, user, PASSWORD, next_url=reverse("organize:print_list", args=[course.pk]))

    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["className"] == "table-scroll":
            break
    else:
        raise AssertionError("Tab never reached the table")
    assert focused["role"] == "region"
    assert focused["label"] == "Attendance table"
    assert focused["outline"] != "none" and focused["outlineWidth"] >= 2
    assert focused["scrolls"]
    page.keyboard.press("ArrowRight")
    # Polled from here: wait_for_function evaluates its predicate with eval(), which the
    # print view's Content Security Policy (rightly) refuses.
    for _ in range(100):
        if page.evaluate("document.activeElement.scrollLeft") > 0:
            break
        page.wait_for_timeout(50)
    else:
        raise AssertionError("ArrowRight did not scroll the table")
    assert_no_wcag_violations(page, how="evaluate")
