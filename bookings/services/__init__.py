"""Every write to bookings goes through these functions (see DESIGN.md, "Booking rules")."""

from .booking import book_offering, cancel_booking
from .capacity import change_capacity
from .errors import BookingError
from .sessions import announce_session_change, send_session_reminders
from .waitlist import accept_offer, decline_offer, expire_offers, promote_waitlist

__all__ = [
    "BookingError",
    "accept_offer",
    "announce_session_change",
    "book_offering",
    "cancel_booking",
    "change_capacity",
    "decline_offer",
    "expire_offers",
    "promote_waitlist",
    "send_session_reminders",
]
