"""A real calendar client (khal, Debian's package) applies our invite, the update and the
cancellation: its listing shows exactly the course's dates, then the moved date, then those
dates cancelled (a client that only imports files never sees the rule's bare weekly dates)."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bookings.models import OutboxMessage
from bookings.services import announce_session_change, book_offering, cancel_booking
from tests.bookings.sending import send_waiting
from tests.factories import SessionFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
KHAL = shutil.which("khal")
CONFIG = """[calendars]
[[parent]]
path = {path}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/Stockholm
default_timezone = Europe/Stockholm
"""


@pytest.fixture
def khal(tmp_path):
    """Import a file into a fresh local calendar and list what it shows, as a parent would."""
    if KHAL is None:
        if os.environ.get("CI") == "true":
            pytest.fail("khal is missing: `make test` installs it (Debian package khal)")
        pytest.skip("khal is not installed (`make test` installs it where it may)")
    (tmp_path / "calendar").mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(CONFIG.format(path=tmp_path / "calendar"))

    def run(*args: str) -> str:
        result = subprocess.run(  # noqa: S603 - our fixed arguments
            [KHAL, "-c", str(config), *args], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def apply(content: str) -> list[tuple[str, str, str]]:
        (tmp_path / "message.ics").write_text(content)
        run("import", "--batch", "-a", "parent", str(tmp_path / "message.ics"))
        listing = run(
            "list", "--format", "{start}|{end}|{status}", "--day-format", "", "2027-03-01", "90d"
        )
        return [
            tuple(field.strip() for field in line.split("|"))
            for line in listing.splitlines()
            if line.strip()
        ]

    return apply


def at(day: int, month: int = 3, hour: int = 18) -> datetime:
    return datetime(2027, month, day, hour, 0, tzinfo=STOCKHOLM)


def shown(*starts: datetime, status: str = "CONFIRMED") -> list[tuple[str, str, str]]:
    return [
        (f"{start:%Y-%m-%d %H:%M}", f"{start + timedelta(hours=2.5):%Y-%m-%d %H:%M}", status)
        for start in starts
    ]


def invite(kind: str) -> str:
    """The calendar file of the latest message of a kind, as the worker sent it."""
    send_waiting()
    (attachment,) = OutboxMessage.objects.filter(kind=kind).latest("pk").attachments
    return attachment["content"]


def test_khal_shows_the_course_then_the_moved_date_then_the_dates_cancelled(make_offering, khal):
    offering = make_offering(sessions=0)
    # Thursdays 18:00 with a skipped week (18 March), across the change to summer time.
    sessions = [
        SessionFactory(offering=offering, starts_at=start, ends_at=start + timedelta(hours=2.5))
        for start in (at(4), at(11), at(25), at(1, month=4))
    ]
    booking = book_offering(
        offering_id=offering.pk, email="sara@example.org", name="Sara", now=at(1, month=2)
    )

    assert khal(invite("booking_confirmed")) == shown(at(4), at(11), at(25), at(1, month=4))

    moved = sessions[1]
    moved.starts_at, moved.ends_at = at(12, hour=17), at(12, hour=17) + timedelta(hours=2.5)
    moved.save()
    announce_session_change(session_id=moved.pk)
    assert khal(invite("session_moved")) == shown(
        at(4), at(12, hour=17), at(25), at(1, month=4)
    )

    cancel_booking(booking_id=booking.pk)
    assert khal(invite("booking_cancelled")) == shown(
        at(4), at(12, hour=17), at(25), at(1, month=4), status="CANCELLED"
    )
