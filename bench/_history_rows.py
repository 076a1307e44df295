"""The rows of a made-up booking history, written with PostgreSQL's COPY.

`load_history()` adds finished offerings of the demo's programs, spread over whole calendar
years before the current one, each with its sessions (a few cancelled), anonymized bookings
(confirmed, cancelled, a waitlist that ran out), attendance marks at every session held
(present, absent, notified) and one staff-log entry per mark in Wagtail's ModelLogEntry, as
`services.staff.mark_attendance()` writes them. Everything is seeded, so two runs with the
same arguments hold the same history.

It writes through COPY with explicit ids, then moves each table's id sequence past them;
the caller runs VACUUM ANALYZE afterwards.
"""

from __future__ import annotations

import json
import random
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class Shape:
    """How one program's groups run: sessions a week apart (or one date), seats, bookings."""

    slug: str
    sessions: int
    capacity: int
    unit: str  # "households" or "persons"
    bookings: int
    weight: int  # share of the history's offerings


SHAPES = (
    Shape("komet-3-11", sessions=11, capacity=8, unit="households", bookings=10, weight=2),
    Shape("komet-12-18", sessions=9, capacity=8, unit="households", bookings=10, weight=2),
    Shape("foraldraskap-i-sverige", sessions=5, capacity=14, unit="households", bookings=16,
          weight=2),
    Shape("traffar-npf", sessions=1, capacity=18, unit="persons", bookings=14, weight=2),
    Shape("foraldrakvall-andt", sessions=1, capacity=120, unit="persons", bookings=50, weight=1),
)  # fmt: skip
MARKS = ("present",) * 16 + ("absent",) * 2 + ("notified",) * 2


@dataclass
class Counts:
    offerings: int = 0
    sessions: int = 0
    bookings: int = 0
    marks: int = 0
    log_entries: int = 0


def _next_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
    return cursor.fetchone()[0]


def _move_sequence(cursor, table: str) -> None:
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
    )


def _text(value) -> str:
    """A value in COPY's text format (nothing here holds a tab, newline or backslash)."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


class Writer:
    """Rows go to one temporary file per table; on leaving, each file is copied in with one
    COPY (parents before children) and the id sequences are moved past the new ids."""

    TABLES = {
        "bookings_offering": (
            "id, program_id, venue_id, title, capacity, capacity_unit, max_persons_per_booking, "
            "waitlist_policy, offer_hours, reminder_hours, status, calendar_sequence, "
            "invite_mode, created_at, updated_at"
        ),
        "bookings_offering_organizers": "offering_id, user_id",
        "bookings_session": "id, offering_id, starts_at, ends_at, is_cancelled",
        "bookings_booking": (
            "id, offering_id, email, name, phone, persons, child_age_band, interpreter_language, "
            "needs_childcare, access_needs, status, waitlist_priority, waitlisted_at, token, "
            "source, language, created_at, updated_at, cancelled_at, anonymized_at"
        ),
        "bookings_attendance": "id, booking_id, session_id, mark, recorded_at",
        "wagtailcore_modellogentry": (
            "content_type_id, object_id, label, action, data, timestamp, user_id, "
            "content_changed, deleted"
        ),
    }
    NUMBERED = ("bookings_offering", "bookings_session", "bookings_booking", "bookings_attendance")

    def __init__(self, connection):
        self.connection = connection
        self.files: dict = {}
        self.ids: dict[str, int] = {}

    def __enter__(self):
        with self.connection.cursor() as cursor:
            for table in self.NUMBERED:
                self.ids[table] = _next_id(cursor, table)
        self.files = {
            table: tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed on exit)
            for table in self.TABLES
        }
        return self

    def __exit__(self, *exc):
        try:
            if exc[0] is None:
                self._copy_all()
        finally:
            for file in self.files.values():
                file.close()
        return False

    def _copy_all(self) -> None:
        with self.connection.cursor() as cursor:
            for table, columns in self.TABLES.items():
                file = self.files[table]
                file.seek(0)
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    while chunk := file.read(1 << 20):
                        copy.write(chunk)
            for table in self.NUMBERED:
                _move_sequence(cursor, table)

    def new_id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def row(self, table: str, values: tuple) -> None:
        self.files[table].write("\t".join(map(_text, values)) + "\n")


def _years(first_year: int, last_year: int, count: int, rng: random.Random) -> list[date]:
    """`count` start days spread evenly over whole years, sorted, none in July or at
    Christmas (groups take a break then)."""
    start, end = date(first_year, 1, 8), date(last_year, 12, 1)
    span = (end - start).days
    days = []
    while len(days) < count:
        day = start + timedelta(days=rng.randrange(span))
        if day.month != 7 and not (day.month == 12 and day.day > 14):
            days.append(day)
    return sorted(days)


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM).astimezone(UTC)


def load_history(
    connection,
    *,
    bookings: int,
    years: int,
    programs: dict[str, tuple[int, int | None]],
    organizer_id: int,
    content_types: dict[str, int],
    anonymized_name: str,
    seed: int = 2026,
) -> Counts:
    """About `bookings` bookings in finished offerings of `programs` (slug -> (page id, venue
    id)) over the `years` calendar years before this one."""
    rng = random.Random(seed)
    counts = Counts()
    if bookings <= 0:
        return counts
    shapes = [shape for shape in SHAPES for _ in range(shape.weight)]
    per_offering = sum(shape.bookings for shape in shapes) / len(shapes)
    this_year = datetime.now(STOCKHOLM).year
    # A few more days than needed: the load stops at `bookings`, whatever the dice said.
    count = max(1, round(1.1 * bookings / per_offering))
    days = _years(this_year - years, this_year - 1, count, rng)
    retention = timedelta(days=90)
    with Writer(connection) as out:
        for number, first_day in enumerate(days):
            if counts.bookings >= bookings:
                break
            shape = shapes[number % len(shapes)]
            program_id, venue_id = programs[shape.slug]
            hour, minute = rng.choice(((17, 30), (18, 0), (18, 30), (9, 30), (13, 0)))
            created = _at(first_day - timedelta(days=45), 9, 0)
            offering_id = out.new_id("bookings_offering")
            out.row(
                "bookings_offering",
                (offering_id, program_id, venue_id, f"Grupp {first_day:%Y-%m-%d} {hour:02d}:"
                 f"{minute:02d}", shape.capacity, shape.unit, 2, "auto", 48, 24, "published",
                 0, "none", created, created),
            )  # fmt: skip
            if shape.slug.startswith("komet"):
                out.row("bookings_offering_organizers", (offering_id, organizer_id))
            out.row(
                "wagtailcore_modellogentry",
                (content_types["offering"], str(offering_id), f"Offering {offering_id}",
                 "bookings.offering_created", "{}", created, organizer_id, False, False),
            )  # fmt: skip
            counts.offerings += 1
            counts.log_entries += 1
            held = []
            for week in range(shape.sessions):
                starts = _at(first_day + timedelta(weeks=week), hour, minute)
                ends = starts + timedelta(hours=2, minutes=30 if shape.sessions > 1 else 0)
                cancelled = shape.sessions > 1 and rng.random() < 0.03
                session_id = out.new_id("bookings_session")
                out.row("bookings_session", (session_id, offering_id, starts, ends, cancelled))
                counts.sessions += 1
                if not cancelled:
                    held.append((session_id, ends))
            ended = max(ends for _, ends in held) if held else ends
            count = max(1, round(shape.bookings * rng.uniform(0.6, 1.4)))
            for _ in range(min(count, bookings - counts.bookings)):
                _booking(out, rng, counts, offering_id, created, held, ended + retention,
                         anonymized_name, content_types["booking"], organizer_id)  # fmt: skip
    return counts


def _booking(out, rng, counts, offering_id, created, held, anonymized_at, name, booking_type,
             organizer_id) -> None:  # fmt: skip
    """One anonymized booking: confirmed (marked at every held session), cancelled, or a
    waitlist entry that expired when the group ended."""
    booking_id = out.new_id("bookings_booking")
    roll = rng.random()
    status = "confirmed" if roll < 0.82 else "cancelled" if roll < 0.94 else "expired"
    booked = created + timedelta(hours=rng.randrange(1, 900))
    waitlisted = booked if status == "expired" or rng.random() < 0.05 else None
    cancelled = booked + timedelta(days=3) if status == "cancelled" else None
    out.row(
        "bookings_booking",
        (booking_id, offering_id, "", name, "", rng.choice((1, 1, 2)), "", "", False, "[]",
         status, 0, waitlisted, secrets.token_urlsafe(24), rng.choice(("web", "web", "staff")),
         "sv", booked, anonymized_at, cancelled, anonymized_at),
    )  # fmt: skip
    counts.bookings += 1
    if status != "confirmed":
        return
    label = f"Booking {booking_id} (confirmed)"
    for session_id, ends in held:
        mark = rng.choice(MARKS)
        marked = ends + timedelta(minutes=rng.randrange(5, 600))
        out.row(
            "bookings_attendance",
            (out.new_id("bookings_attendance"), booking_id, session_id, mark, marked),
        )
        out.row(
            "wagtailcore_modellogentry",
            (booking_type, str(booking_id), label, "bookings.attendance",
             json.dumps({"session": session_id, "mark": mark}), marked, organizer_id, False,
             False),
        )  # fmt: skip
        counts.marks += 1
        counts.log_entries += 1
