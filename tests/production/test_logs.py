"""Production logs: one JSON object per line, a request id on each, and no personal data or
token in any of them, whatever a parent typed or opened."""

import io
import json
import logging

import pytest
from django.urls import reverse
from django.utils.module_loading import import_string

from bookings.models import Booking
from tests.factories import UserFactory

NAME = "Åsa Öberg"
EMAIL = "asa.oberg@example.org"
PHONE = "070-123 45 67"


@pytest.fixture
def log_lines(settings, production_settings):
    """Everything logged while the test runs, through the production settings' formatter and
    filter (built from LOGGING as dictConfig would), as parsed JSON objects."""
    settings.ACCESS_LOG = True
    config = production_settings.LOGGING
    console = config["handlers"]["console"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(import_string(config["formatters"][console["formatter"]]["()"])())
    for name in console["filters"]:
        handler.addFilter(import_string(config["filters"][name]["()"])())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_a_booking_and_its_manage_link_leave_no_personal_data_or_token_in_the_logs(
    client, make_offering, log_lines, django_capture_on_commit_callbacks
):
    offering = make_offering(sessions=2)
    client.force_login(UserFactory(email=EMAIL))

    with django_capture_on_commit_callbacks(execute=True):
        booked = client.post(
            reverse("bookings:book", args=[offering.pk]),
            {"persons": "1", "name": NAME, "phone": PHONE, "email": EMAIL},
            HTTP_X_REQUEST_ID="proxy-request-0001",
        )
    booking = Booking.objects.get(offering=offering)
    assert (booking.name, booking.phone) == (NAME, PHONE)
    manage_url = reverse("bookings:manage", args=[booking.token])
    opened = client.get(f"{manage_url}?from={EMAIL}")
    guessed = client.get(reverse("bookings:manage", args=[booking.token[::-1]]))

    assert booked.status_code == 302 and opened.status_code == 200
    assert guessed.status_code == 404
    assert booked["X-Request-ID"] == "proxy-request-0001"
    assert len(opened["X-Request-ID"]) == 32  # made here: none was sent
    lines = log_lines()
    access = [line for line in lines if line["logger"] == "parentsite.access"]
    assert [(line["method"], line["path"], line["status"]) for line in access] == [
        ("POST", f"/bokning/{offering.pk}/", 302),
        ("GET", "/bokning/<token>/hantera/", 200),
        ("GET", "/bokning/<token>/hantera/", 404),
    ]
    assert access[0]["request_id"] == "proxy-request-0001"
    assert access[1]["request_id"] == opened["X-Request-ID"]
    assert all({"time", "level", "duration_ms"} <= line.keys() for line in access)
    # Django's own "Not Found" warning for the guessed link is there, its token masked.
    assert any(line["logger"] == "django.request" for line in lines)
    written = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    for secret in (NAME, "Åsa", "Öberg", EMAIL, PHONE, "0701234567", booking.token,
                   booking.token[::-1]):
        assert secret not in written
