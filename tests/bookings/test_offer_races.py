"""One offered seat answered twice at once (accept and decline, accept and accept) on real
PostgreSQL: exactly one answer wins, and the parent gets exactly one message."""

from __future__ import annotations

import time

import pytest

from bookings.models import BookingStatus, OutboxMessage
from bookings.notifications.messages import queue_booking_email as real_queue
from bookings.services import BookingError, accept_offer, decline_offer
from bookings.services import booking as booking_services
from bookings.services import offers as offer_services
from tests.bookings.test_concurrency import (  # noqa: F401 - fixtures used by name
    errors_in,
    leave_migrated_data_behind,
    run_together,
    without_lock,
)
from tests.factories import OfferedBookingFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ANSWER_WINDOW = 0.2  # seconds between changing the booking and committing


@pytest.fixture
def slow_answers(monkeypatch):
    """Hold each answer's transaction open after it changed the booking, so that the other
    answer reads the booking before the first one commits."""

    def slow_queue(**kwargs):
        time.sleep(ANSWER_WINDOW)
        return real_queue(**kwargs)

    monkeypatch.setattr(offer_services, "queue_booking_email", slow_queue)
    monkeypatch.setattr(booking_services, "queue_booking_email", slow_queue)


def answer_together(booking, answers) -> list[object]:
    return run_together(lambda index: answers[index](booking_id=booking.pk), len(answers))


def outcomes(results) -> list[str]:
    return sorted(
        "refused" if isinstance(result, BookingError) else result.status
        for result in results
        if not isinstance(result, BaseException) or isinstance(result, BookingError)
    )


@pytest.mark.parametrize("answers", [(accept_offer, decline_offer), (decline_offer, accept_offer)])
def test_accept_and_decline_at_once_end_in_one_answer_and_one_message(
    make_offering, slow_answers, answers
):
    offered = OfferedBookingFactory(offering=make_offering(capacity=1))

    results = answer_together(offered, answers)

    assert [error for error in errors_in(results) if not isinstance(error, BookingError)] == []
    assert len(outcomes(results)) == 2 and outcomes(results).count("refused") == 1
    offered.refresh_from_db()
    won = next(result for result in results if not isinstance(result, BaseException))
    assert offered.status == won.status
    assert OutboxMessage.objects.filter(booking=offered).count() == 1


def test_two_accepts_at_once_confirm_once(make_offering, slow_answers):
    offered = OfferedBookingFactory(offering=make_offering(capacity=1))

    results = answer_together(offered, (accept_offer, accept_offer))

    assert outcomes(results) == [BookingStatus.CONFIRMED, "refused"]
    assert OutboxMessage.objects.filter(booking=offered, kind="booking_confirmed").count() == 1


def test_control_without_the_lock_both_answers_win(
    make_offering, slow_answers, without_lock  # noqa: F811 - the imported fixture
):
    """The race is real: without the offering lock, accept and decline both report success
    and the parent is sent a confirmation and a cancellation."""
    offered = OfferedBookingFactory(offering=make_offering(capacity=1))

    results = answer_together(offered, (accept_offer, decline_offer))

    assert errors_in(results) == []
    assert OutboxMessage.objects.filter(booking=offered).count() == 2
