"""Reads about offerings and bookings; each rule is decided in one module below.

- `availability`: seats taken and left, booking windows, waitlist order and positions;
- `ending`: when an offering has ended;
- `offerings`: what is coming and what can be booked, for public pages;
- `bookings`: single bookings (by link or address), their coming sessions, and a parent's
  saved details.
"""

from .availability import (
    Availability,
    WindowState,
    availability_of,
    has_free_seats_now,
    seats_taken,
    seats_taken_subquery,
    waitlist_length_subquery,
    waitlist_ordering,
    waitlist_position,
    window_state,
    with_availability,
)
from .bookings import (
    ComingSession,
    active_booking_for,
    booking_by_token,
    booking_form_defaults,
    coming_sessions,
    last_contact_details,
    message_language,
    profile_of,
)
from .ending import ended_filter, has_ended, not_ended, offering_ends_at
from .offerings import (
    bookable_offering,
    booking_post_reads,
    sessions_with_venues_prefetch,
    upcoming_offerings,
    upcoming_offerings_for_program,
)

__all__ = [
    "Availability",
    "ComingSession",
    "WindowState",
    "active_booking_for",
    "availability_of",
    "bookable_offering",
    "booking_post_reads",
    "booking_by_token",
    "booking_form_defaults",
    "coming_sessions",
    "ended_filter",
    "has_ended",
    "has_free_seats_now",
    "last_contact_details",
    "message_language",
    "not_ended",
    "offering_ends_at",
    "profile_of",
    "seats_taken",
    "seats_taken_subquery",
    "sessions_with_venues_prefetch",
    "upcoming_offerings",
    "upcoming_offerings_for_program",
    "waitlist_length_subquery",
    "waitlist_ordering",
    "waitlist_position",
    "window_state",
    "with_availability",
]
