"""Telling booked parents when staff move or cancel a session."""

from django.db import transaction
from django.db.models import F

from bookings.models import Booking, BookingStatus, Session
from bookings.notifications.messages import BookingEmail, queue_booking_email


def announce_session_change(*, session_id: int) -> Session:
    """After staff changed a session's time, place or cancelled it: raise its revision (the
    calendar SEQUENCE) and tell every household with a seat, with an updated invite or a
    cancellation for that one session."""
    with transaction.atomic():
        Session.objects.filter(pk=session_id).update(revision=F("revision") + 1)
        session = Session.objects.select_related("venue", "offering__venue").get(pk=session_id)
        kind = (
            BookingEmail.SESSION_CANCELLED if session.is_cancelled else BookingEmail.SESSION_MOVED
        )
        seated = Booking.objects.filter(
            offering_id=session.offering_id, status=BookingStatus.CONFIRMED
        ).select_related("offering__program")
        for booking in seated:
            queue_booking_email(booking=booking, kind=kind, session=session)
    return session
