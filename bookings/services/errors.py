"""The one exception booking services raise, with a translatable message for the parent."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bookings.models import Booking


class BookingError(Exception):
    """A booking rule said no. `code` is for code, `message` (translated) is for people."""

    def __init__(
        self, message, *, code: str, booking: Booking | None = None, registration=None
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.booking = booking
        # The interest registration a refusal points at (the one already waiting).
        self.registration = registration
