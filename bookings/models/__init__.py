from .booking import (
    ACTIVE_STATUSES,
    SEAT_HOLDING_STATUSES,
    AccessNeed,
    Booking,
    BookingSource,
    BookingStatus,
    ChildAgeBand,
    InterpreterLanguage,
)
from .feeds import CalendarFeed
from .offering import (
    Attendance,
    CapacityUnit,
    Offering,
    OfferingStatus,
    Session,
    WaitlistPolicy,
)
from .outbox import OutboxMessage, OutboxStatus
from .undeliverable import UndeliverableAddress

__all__ = [
    "ACTIVE_STATUSES",
    "SEAT_HOLDING_STATUSES",
    "AccessNeed",
    "Attendance",
    "Booking",
    "CalendarFeed",
    "BookingSource",
    "BookingStatus",
    "CapacityUnit",
    "ChildAgeBand",
    "InterpreterLanguage",
    "Offering",
    "OfferingStatus",
    "OutboxMessage",
    "OutboxStatus",
    "Session",
    "UndeliverableAddress",
    "WaitlistPolicy",
]
