"""The site's stylesheet on a right-to-left page (Arabic, Persian), in Chromium: what starts on
the left in Swedish starts on the right, and the back arrow points the other way."""

import pytest
from django.urls import reverse

from tests.browser.conftest import needs_chromium
from tests.factories import BookingFactory

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LAYOUT = """() => {
    const arrow = document.querySelector(".arrow");
    const bar = getComputedStyle(document.querySelector(".status-box"));
    const text = document.createRange();
    text.selectNodeContents(document.querySelector("h1"));
    const heading = text.getBoundingClientRect();
    return {
        arrowTransform: getComputedStyle(arrow).transform,
        barLeft: parseFloat(bar.borderLeftWidth),
        barRight: parseFloat(bar.borderRightWidth),
        headingLeft: heading.left,
        headingRight: innerWidth - heading.right,
    };
}"""


def test_a_right_to_left_page_mirrors(live_server, parent_page, make_offering):
    booking = BookingFactory(offering=make_offering(sessions=2))
    page = parent_page
    page.goto(live_server.url + reverse("bookings:manage", args=[booking.token]))
    page.evaluate("document.documentElement.dir = 'ltr'")
    ltr = page.evaluate(LAYOUT)
    page.evaluate("document.documentElement.dir = 'rtl'")
    rtl = page.evaluate(LAYOUT)

    assert ltr["arrowTransform"] == "none"
    assert rtl["arrowTransform"] == "matrix(-1, 0, 0, 1, 0, 0)"
    assert ltr["barLeft"] > ltr["barRight"]  # the status box's bar is at the start
    assert (rtl["barRight"], rtl["barLeft"]) == (ltr["barLeft"], ltr["barRight"])
    assert rtl["headingRight"] == pytest.approx(ltr["headingLeft"], abs=1)
