"""A session has one name on the organizer's screens and printed lists, in Stockholm time."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from bookings.organize.labels import session_label
from tests.factories import SessionFactory


def test_a_session_is_named_by_its_start_in_stockholm_time_whatever_the_admin_zone(
    make_offering,
):
    starts = datetime(2027, 3, 11, 17, 0, tzinfo=ZoneInfo("UTC"))  # 18:00 in Stockholm
    session = SessionFactory(offering=make_offering(sessions=0), starts_at=starts)

    with timezone.override(ZoneInfo("America/New_York")), translation.override("en"):
        assert session_label(session) == "Thursday 11 March 2027, 18:00"
        assert session_label(session, short=True) == "Thu 11 Mar, 18:00"
    with translation.override("sv"):
        label = session_label(session, short=True)
        assert label.startswith("tors 11 ") and label.endswith(", 18:00")
