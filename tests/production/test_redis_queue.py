"""With REDIS_URL set, a booking's e-mail goes through RQ on Redis: the request puts a job in
Redis, and only an RQ worker (`manage.py rqworker`) delivers it to the mail server.

Runs only where REDIS_URL names a Redis server: `.ci/run` starts one on a free port for it.
"""

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse

from bookings.models import BookingStatus, OutboxMessage, OutboxStatus
from tests.bookings.test_concurrency import leave_migrated_data_behind  # noqa: F401 - autouse
from tests.bookings.test_smtp_round_trip import smtp_server  # noqa: F401 - fixture
from tests.factories import ProgramPageFactory, UserFactory

pytestmark = pytest.mark.skipif(
    not django_settings.REDIS_URL, reason="needs a Redis server: set REDIS_URL (see .ci/run)"
)
PARENT = "asa.oberg@example.org"


@pytest.fixture
def empty_queue():
    import django_rq

    queue = django_rq.get_queue("default")
    queue.empty()
    return queue


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_booking_reaches_the_mail_server_through_redis_and_an_rq_worker(
    client, program_index, make_offering, smtp_server, settings, empty_queue  # noqa: F811
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    offering = make_offering(sessions=2, program=ProgramPageFactory(parent=program_index))
    empty_queue.empty()  # Wagtail's own tasks from building the pages
    client.force_login(UserFactory(email=PARENT))

    response = client.post(
        reverse("bookings:book", args=[offering.pk]), {"persons": "1", "name": "Åsa Öberg"}
    )

    assert response.status_code == 302
    booking = offering.bookings.get()
    assert booking.status == BookingStatus.CONFIRMED
    row = OutboxMessage.objects.get(booking=booking)
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 0)
    (job,) = empty_queue.get_jobs()
    assert job.func_name == "bookings.notifications.tasks.send_outbox_message"
    assert job.kwargs == {"message_id": row.pk}
    assert smtp_server.received == []  # nothing reaches the provider without the worker

    call_command(
        "rqworker",
        "default",
        "--burst",
        "--job-class=django_tasks_rq.Job",
        "--worker-class=rq.worker.SimpleWorker",  # in this process: it sees the test database
        verbosity=0,
    )

    (received,) = smtp_server.received
    assert received.recipients == [PARENT]
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 1)
    assert received.parsed()["Subject"] == row.subject != ""
    assert empty_queue.count == 0
