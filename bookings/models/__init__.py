from .attendance import Attendance, AttendanceMark
from .attendance_pdf import AttendancePdf, AttendancePdfStatus
from .booking import (
    ACTIVE_STATUSES,
    SEAT_HOLDING_STATUSES,
    AccessNeed,
    Booking,
    BookingSource,
    BookingStatus,
    ChildAgeBand,
    interpreter_language_choices,
    interpreter_language_label,
)
from .email_settings import EmailSettings
from .feeds import CalendarFeed
from .interest import (
    InterestInvitation,
    InterestRegistration,
    InterestSource,
    InterestStatus,
    InviteMode,
    group_language_choices,
)
from .offering import (
    CapacityUnit,
    Offering,
    OfferingStatus,
    Session,
    WaitlistPolicy,
)
from .outbox import OutboxMessage, OutboxStatus
from .parent_profile import ParentProfile
from .preferences import TimeOfDay, Weekday
from .site_group import SiteGroup
from .tallies import ProgramYearTally, TalliedYear
from .undeliverable import UndeliverableAddress

__all__ = [
    "ACTIVE_STATUSES",
    "SEAT_HOLDING_STATUSES",
    "AccessNeed",
    "Attendance",
    "AttendanceMark",
    "AttendancePdf",
    "AttendancePdfStatus",
    "Booking",
    "CalendarFeed",
    "EmailSettings",
    "BookingSource",
    "BookingStatus",
    "CapacityUnit",
    "ChildAgeBand",
    "interpreter_language_choices",
    "interpreter_language_label",
    "group_language_choices",
    "InterestInvitation",
    "InterestRegistration",
    "InterestSource",
    "InterestStatus",
    "InviteMode",
    "TimeOfDay",
    "Weekday",
    "Offering",
    "OfferingStatus",
    "OutboxMessage",
    "OutboxStatus",
    "ParentProfile",
    "ProgramYearTally",
    "Session",
    "SiteGroup",
    "TalliedYear",
    "UndeliverableAddress",
    "WaitlistPolicy",
]
