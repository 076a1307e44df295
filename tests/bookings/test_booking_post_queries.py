"""What one booking post costs the database: at most 12 queries, whatever the group looks like.

Counted as in production: the transaction's BEGIN and COMMIT (savepoints in a test), and the
hand-over of the e-mail to the database task queue after the commit. The e-mail itself is the
worker's: no template, calendar file or site setting is read by the request.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import BookingStatus, OutboxMessage
from tests.factories import BookingFactory, UserFactory, WaitlistedBookingFactory

MOST_QUERIES_PER_POST = 12


@pytest.fixture
def database_task_queue(settings):
    """The production task backend: handing a message to the worker is one INSERT."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def post_booking(client, offering, capture) -> list[str]:
    """Post the form as a logged-in parent; the SQL the request ran, commit hooks included."""
    with CaptureQueriesContext(connection) as captured, capture(execute=True):
        response = client.post(
            reverse("bookings:book", args=[offering.pk]), {"persons": "1", "name": "Sara"}
        )
    assert response.status_code == 302
    return [query["sql"] for query in captured.captured_queries]


@pytest.fixture
def parent_client(client, db):
    client.force_login(UserFactory(email="sara@example.org"))
    return client


@pytest.mark.parametrize("sessions", [1, 11])
def test_a_confirmed_booking_costs_at_most_12_queries(
    parent_client, make_offering, database_task_queue, sessions, django_capture_on_commit_callbacks
):
    offering = make_offering(sessions=sessions, capacity=10)
    BookingFactory.create_batch(3, offering=offering)

    queries = post_booking(parent_client, offering, django_capture_on_commit_callbacks)

    booking = offering.bookings.get(email="sara@example.org")
    assert booking.status == BookingStatus.CONFIRMED
    assert len(queries) <= MOST_QUERIES_PER_POST, "\n".join(queries)
    # What the request leaves the worker: one outbox row, rendered later.
    (message,) = OutboxMessage.objects.filter(booking=booking)
    assert (message.kind, message.subject, message.attachments) == ("booking_confirmed", "", [])
    assert not any("wagtailcore_site" in sql or "emailsettings" in sql for sql in queries)


def test_a_place_on_the_waitlist_costs_at_most_12_queries(
    parent_client, make_offering, database_task_queue, django_capture_on_commit_callbacks
):
    offering = make_offering(sessions=3, capacity=1)
    BookingFactory(offering=offering)
    WaitlistedBookingFactory.create_batch(2, offering=offering)

    queries = post_booking(parent_client, offering, django_capture_on_commit_callbacks)

    booking = offering.bookings.get(email="sara@example.org")
    assert booking.status == BookingStatus.WAITLISTED
    assert len(queries) <= MOST_QUERIES_PER_POST, "\n".join(queries)


def test_the_count_is_the_same_for_a_big_group_and_a_small_one(
    parent_client, make_offering, database_task_queue, django_capture_on_commit_callbacks
):
    small = make_offering(sessions=1, capacity=100)
    big = make_offering(sessions=11, capacity=100)
    BookingFactory.create_batch(40, offering=big)
    counts = [
        len(post_booking(parent_client, offering, django_capture_on_commit_callbacks))
        for offering in (small, big)
    ]
    assert counts[0] == counts[1]
