"""Every write to bookings goes through these functions (see DESIGN.md, "Booking rules")."""

from .absence import notify_absence, withdraw_absence
from .booking import book_offering, cancel_booking
from .capacity import change_capacity
from .errors import BookingError
from .feeds import ensure_calendar_feed, renew_calendar_feed
from .interest import leave_interest_list, register_interest, withdraw_interest
from .offers import accept_offer, decline_offer, expire_offers
from .sessions import announce_session_change, send_session_reminders
from .waitlist import promote_waitlist

__all__ = [
    "BookingError",
    "accept_offer",
    "announce_session_change",
    "book_offering",
    "cancel_booking",
    "change_capacity",
    "decline_offer",
    "ensure_calendar_feed",
    "expire_offers",
    "notify_absence",
    "leave_interest_list",
    "promote_waitlist",
    "register_interest",
    "renew_calendar_feed",
    "send_session_reminders",
    "withdraw_absence",
    "withdraw_interest",
]
