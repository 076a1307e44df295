"""Telling households about a change, and counting who staff must phone instead.

A household is reached when it has an e-mail address that has not bounced; the others (booked
by phone without an address, or with an address the provider reported undeliverable) are
counted, so the organizer's screen can say how many to call.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from bookings.models import Booking
from bookings.notifications.bounces import is_undeliverable
from bookings.notifications.messages import queue_booking_email


class Told(NamedTuple):
    emailed: int  # households told by e-mail
    unreachable: int  # households staff must phone: no address, or one that bounced


def tell_households(bookings: Iterable[Booking], **message) -> Told:
    """Queue the message (`queue_booking_email` keywords) for each booking; count who gets
    it and who must be phoned."""
    emailed = unreachable = 0
    for booking in bookings:
        queued = queue_booking_email(booking=booking, **message)
        if queued is None or is_undeliverable(booking.email):
            unreachable += 1
        else:
            emailed += 1
    return Told(emailed=emailed, unreachable=unreachable)
