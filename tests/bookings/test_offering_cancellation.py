"""Cancelling a whole group (bookings/services/offering_cancellation.py) called directly: only
that group's bookings, each stamped with when it was cancelled, and a staff reason only when
staff wrote one."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from bookings.models import Booking, BookingStatus, OfferingStatus, OutboxMessage
from bookings.services import editing, locking
from bookings.services.offering_cancellation import cancel_active_bookings, cancel_offering
from tests.factories import BookingFactory, WaitlistedBookingFactory


@pytest.fixture
def group(make_offering):
    offering = make_offering(capacity=1)
    BookingFactory(offering=offering)
    WaitlistedBookingFactory(offering=offering)
    return offering


def test_only_the_cancelled_groups_bookings_are_cancelled(group, make_offering, actor):
    other = make_offering()
    elsewhere = BookingFactory(offering=other)

    cancel_offering(offering_id=group.pk, actor=actor, reason="Ledaren är sjuk")

    elsewhere.refresh_from_db()
    assert elsewhere.status == BookingStatus.CONFIRMED
    assert not OutboxMessage.objects.filter(booking=elsewhere).exists()
    assert set(group.bookings.values_list("status", flat=True)) == {BookingStatus.CANCELLED}


def test_each_booking_records_when_the_group_was_cancelled(group, actor):
    cancel_offering(offering_id=group.pk, actor=actor)

    assert not group.bookings.filter(cancelled_at__isnull=True).exists()


def test_the_time_of_cancelling_is_the_one_given(group):
    when = timezone.now() - timedelta(minutes=5)
    with transaction.atomic():
        locking.lock_offering(offering_id=group.pk)
        cancel_active_bookings(offering_id=group.pk, now=when)

    assert set(Booking.objects.values_list("cancelled_at", flat=True)) == {when}


@pytest.mark.parametrize("how", ["cancel action", "status in the admin"])
def test_without_a_reason_the_households_are_told_no_staff_text(group, actor, how):
    if how == "cancel action":
        cancel_offering(offering_id=group.pk, actor=actor)
    else:
        editing.update_offering(
            offering_id=group.pk, actor=actor, changes={"status": OfferingStatus.CANCELLED}
        )

    messages = OutboxMessage.objects.filter(kind="offering_cancelled")
    assert messages.count() == 2
    assert all("staff_text" not in message.facts for message in messages)
