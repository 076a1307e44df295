"""The database triggers that keep the yearly statistics' stored counts from going stale.

Each deletes, in the same transaction as the write that fires it, the counted year
(`TalliedYear`) whose New Year to New Year holds the stored first session of the offering
written to (`Offering.first_session_at` decides an offering's year):

- bookings: inserted, deleted, or their offering, status, persons or waitlist time changed
  (and the time a seat was first offered, which the statistics of unmet demand read);
- attendance marks: inserted, deleted or changed, for the booking's and the session's offering;
- sessions: inserted, deleted, or their offering, start or cancellation changed, for their
  offering and for the offerings of the bookings marked at them;
- offerings: inserted, deleted, or their stored first session or program changed, for the
  year before and after.

Triggers rather than a call in each service: they also see the admin's edits, bulk updates,
COPY and raw SQL, and they cost a booking no extra round trip. The statements are the same on
PostgreSQL and SQLite; only the wrapping differs. SQLite loses a table's triggers when a
migration rebuilds the table, so after every `migrate` (`ensure_triggers`, on post_migrate)
missing triggers are put back and, since writes may have gone unseen, every counted year is
forgotten (the periodic job counts them again).
"""

# ruff: noqa: S608 - SQL of our own names, never of input

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

YEARS = "bookings_talliedyear"


def _forget_at(moment: str) -> str:
    """Delete the counted year that holds `moment` (an SQL expression; NULL holds none)."""
    return f"DELETE FROM {YEARS} WHERE starts_at <= ({moment}) AND ({moment}) < ends_at;"


def _forget_offering(offering_id: str) -> str:
    return _forget_at(f"SELECT first_session_at FROM bookings_offering WHERE id = ({offering_id})")


def _forget_marked_at_session(row: str) -> str:
    """Delete the years of the offerings whose bookings are marked at session `row`."""
    return (
        f"DELETE FROM {YEARS} WHERE EXISTS (SELECT 1 FROM bookings_attendance a"
        " JOIN bookings_booking b ON b.id = a.booking_id"
        " JOIN bookings_offering o ON o.id = b.offering_id"
        f" WHERE a.session_id = {row}.id AND {YEARS}.starts_at <= o.first_session_at"
        f" AND o.first_session_at < {YEARS}.ends_at);"
    )


def _attendance(row: str) -> list[str]:
    return [
        _forget_offering(f"SELECT offering_id FROM bookings_booking WHERE id = {row}.booking_id"),
        _forget_offering(f"SELECT offering_id FROM bookings_session WHERE id = {row}.session_id"),
    ]


# table: (the columns whose change counts, the statements per row inserted, deleted, updated)
TRIGGERS = {
    "bookings_booking": (
        ("offering_id", "status", "persons", "waitlisted_at", "seat_offered_at"),
        {
            "INSERT": [_forget_offering("NEW.offering_id")],
            "DELETE": [_forget_offering("OLD.offering_id")],
            "UPDATE": [_forget_offering("OLD.offering_id"), _forget_offering("NEW.offering_id")],
        },
    ),
    "bookings_attendance": (
        ("booking_id", "session_id", "mark"),
        {
            "INSERT": _attendance("NEW"),
            "DELETE": _attendance("OLD"),
            "UPDATE": _attendance("OLD") + _attendance("NEW"),
        },
    ),
    "bookings_session": (
        ("offering_id", "starts_at", "is_cancelled"),
        {
            "INSERT": [_forget_offering("NEW.offering_id")],
            "DELETE": [_forget_offering("OLD.offering_id"), _forget_marked_at_session("OLD")],
            "UPDATE": [
                _forget_offering("OLD.offering_id"),
                _forget_offering("NEW.offering_id"),
                _forget_marked_at_session("NEW"),
            ],
        },
    ),
    "bookings_offering": (
        ("first_session_at", "program_id"),
        {
            "INSERT": [_forget_at("NEW.first_session_at")],
            "DELETE": [_forget_at("OLD.first_session_at")],
            "UPDATE": [_forget_at("OLD.first_session_at"), _forget_at("NEW.first_session_at")],
        },
    ),
}
TABLES = tuple(TRIGGERS)


def trigger_names() -> list[tuple[str, str]]:
    """(table, trigger name) of every trigger."""
    return [
        (table, f"{table}_untally_{event.lower()}")
        for table, (_columns, events) in TRIGGERS.items()
        for event in events
    ]


def _changed(columns, vendor: str) -> str:
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{column} {differs} NEW.{column}" for column in columns)


def _create_sql(table: str, event: str, vendor: str) -> list[str]:
    columns, events = TRIGGERS[table]
    name = f"{table}_untally_{event.lower()}"
    when = f"WHEN ({_changed(columns, vendor)}) " if event == "UPDATE" else ""
    body = "\n  ".join(events[event])
    if vendor == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n  {body}\n  RETURN NULL;\nEND $$;",
            f"DROP TRIGGER IF EXISTS {name} ON {table};",
            f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when}"
            f"EXECUTE FUNCTION {name}();",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {name};",
        f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when}BEGIN\n  {body}\nEND;",
    ]


def _drop_sql(table: str, name: str, vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table};", f"DROP FUNCTION IF EXISTS {name}();"]
    return [f"DROP TRIGGER IF EXISTS {name};"]


def _vendor(connection) -> str:
    if connection.vendor not in ("postgresql", "sqlite"):
        # The project runs on PostgreSQL (production) and SQLite (locally) only.
        raise ImproperlyConfigured(f"No statistics triggers for {connection.vendor}.")
    return connection.vendor


def install_triggers(connection) -> None:
    """Create (or replace) every trigger."""
    vendor = _vendor(connection)
    with connection.cursor() as cursor:
        for table, (_columns, events) in TRIGGERS.items():
            for event in events:
                for statement in _create_sql(table, event, vendor):
                    cursor.execute(statement)


def drop_triggers(connection) -> None:
    vendor = _vendor(connection)
    with connection.cursor() as cursor:
        for table, name in trigger_names():
            for statement in _drop_sql(table, name, vendor):
                cursor.execute(statement)


def installed_triggers(connection) -> set[str]:
    with connection.cursor() as cursor:
        if _vendor(connection) == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def ensure_triggers(*, using: str = "default", **kwargs) -> None:
    """After `migrate`: put back missing triggers and forget what was counted without them.
    Nothing to do before the counted years' table exists."""
    from django.db import connections

    from bookings.models import ProgramYearTally, TalliedYear

    connection = connections[using]
    if TalliedYear._meta.db_table not in connection.introspection.table_names():
        return
    wanted = {name for _table, name in trigger_names()}
    if wanted <= installed_triggers(connection):
        return
    install_triggers(connection)
    TalliedYear.objects.using(using).all().delete()
    ProgramYearTally.objects.using(using).all().delete()
