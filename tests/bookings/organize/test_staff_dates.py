"""The staff screens write dates one way, in the admin's language: in Swedish "ons 2 dec 2026,
18:00" and "onsdag 2 december 2026", never an English "Dec" nor "2026-12-08 18:00" beside them."""

import re
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from bookings.audit import log_staff_action
from bookings.organize.common import local_datetime
from bookings.organize.labels import day_label, moment_label, session_label, session_span
from bookings.organize.offering_list import date_span
from tests.factories import OfferedBookingFactory

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")
ENGLISH_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_swedish_labels():
    starts = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)  # 18:00 in Stockholm
    session = SimpleNamespace(starts_at=starts, ends_at=starts.replace(hour=19, minute=30))
    offering = SimpleNamespace(
        first_session_at=starts, last_session_ends_at=datetime(2027, 2, 10, 19, 30, tzinfo=UTC)
    )
    with translation.override("sv"):
        assert session_label(session) == "onsdag 2 december 2026, 18:00"
        assert session_label(session, short=True) == "ons 2 dec, 18:00"
        assert session_span(session) == "ons 2 dec 2026, 18:00–20:30"
        assert day_label(starts) == "2 dec 2026"
        assert moment_label(starts) == local_datetime(starts) == "2 dec 2026, 18:00"
        assert date_span(offering) == "2 dec 2026 – 10 feb 2027"
    with translation.override("en"):
        assert session_label(session, short=True) == "Wed 2 Dec, 18:00"
        assert moment_label(starts) == "2 Dec 2026, 18:00"


def visible_text(response) -> str:
    assert response.status_code == 200, response.status_code
    html = BeautifulSoup(response.content.decode(), "html.parser")
    for hidden in html(["script", "style", "template"]):
        hidden.decompose()
    return " ".join(html.get_text(" ").split())


def test_every_staff_screen_writes_swedish_dates(client, course, organizer):
    profile = UserProfile.get_for_user(organizer)
    profile.preferred_language = "sv"
    profile.save()
    offered = OfferedBookingFactory(offering=course, name="Erbjuden")  # an answer-by deadline
    client.force_login(organizer)
    session = course.sessions.order_by("starts_at")[3]
    with translation.override("sv"):  # the staff member's language when they act
        log_staff_action(instance=session, action="bookings.session_moved", user=organizer)
        log_staff_action(instance=offered, action="bookings.staff_cancel", user=organizer)
    urls = [
        reverse("wagtailadmin_home"),
        reverse("organize:offering", args=[course.pk]),
        reverse("organize:attendance", args=[course.pk]),
        reverse("organize:session_attendance", args=[course.pk, session.pk]),
        reverse("organize:print_list", args=[course.pk]),
        reverse("organize:print_list", args=[course.pk]) + f"?session={session.pk}",
        reverse("bookings_offerings:index"),
        reverse("bookings_sessions:index"),
        reverse("bookings_bookings:index"),
        reverse("bookings_sessions:edit", args=[session.pk]),
        reverse("bookings_sessions:history", args=[session.pk]),
        reverse("visible_site_history"),
    ]
    with translation.override("sv"):
        named_session = session_span(session)
    for url in urls:
        text = visible_text(client.get(url))
        assert not ENGLISH_MONTH.findall(text), (url, ENGLISH_MONTH.findall(text))
        assert not ISO_DATE.findall(text), (url, ISO_DATE.findall(text))
        assert f"Booking {offered.pk}" not in text, url
    for url in (urls[1], *urls[-3:]):  # the session is named by its day and hours
        assert named_session in visible_text(client.get(url)), url
    staff_log = visible_text(client.get(urls[1])).split("personal")[-1]
    assert f"Bokning {offered.pk} (plats erbjuden)" in staff_log
    offering_page = visible_text(client.get(urls[1]))
    assert re.search(
        r"\b(mån|tis|ons|tor|fre|lör|sön) \d{1,2} [a-zåäö]{3} \d{4}, \d\d:\d\d–", offering_page
    )
