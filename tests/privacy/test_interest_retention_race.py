"""The retention run against an invitation sent at the same moment, on real PostgreSQL.

The run chooses the registrations due (a household invited more than a year ago), then
anonymizes them in one UPDATE that checks the rule again. Here a new group invites the
household after the run chose it and before its UPDATE: the invitation holds the row until it
commits, and PostgreSQL then re-reads the row for the UPDATE, which finds it no longer due. The
household stays on the list with its new invitation. The control runs the same race with the
UPDATE told nothing of the rule and shows the household anonymized under its new invitation.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from bookings.models import InterestRegistration, InterestStatus, InviteMode, OutboxMessage
from bookings.services import interest_anonymization
from bookings.services.interest_anonymization import anonymize_due_registrations
from bookings.services.invitations import invite_interest_list
from tests.bookings.test_concurrency import leave_migrated_data_behind  # noqa: F401 (fixture)
from tests.factories import OfferingFactory, ProgramPageFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAIT = 20  # seconds at most for each step of the race


@pytest.fixture(autouse=True)
def messages_stay_in_the_outbox(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def household(program_index):
    """A household invited to last year's group that did not book it: due for anonymizing;
    and this year's group, published, about to invite the list."""
    program = ProgramPageFactory(parent=program_index)
    registration = InterestRegistration.objects.create(
        program=program,
        email="hushall@example.org",
        name="Hushåll Ett",
        registered_at=timezone.now() - timedelta(days=500),
        last_invited_at=timezone.now() - timedelta(days=400),
    )
    return registration, OfferingFactory(program=program)


def waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def invitation_during_the_run(offering) -> tuple[int, int]:
    """Invite the list and hold the commit until the retention run waits on the row; what
    the run returned."""
    invited, release = threading.Event(), threading.Event()
    outcome: dict = {}

    def invite() -> None:
        try:
            with transaction.atomic():
                invite_interest_list(
                    offering_id=offering.pk, actor=None, mode=InviteMode.PRIORITY_WINDOW
                )
                invited.set()
                release.wait(WAIT)
        finally:
            connection.close()

    def retention_run() -> None:
        try:
            outcome["run"] = anonymize_due_registrations()
        except Exception as error:  # reported by the test
            outcome["run"] = error
        finally:
            connection.close()

    inviting = threading.Thread(target=invite)
    inviting.start()
    assert invited.wait(WAIT), "the invitation did not go out"
    running = threading.Thread(target=retention_run)
    running.start()
    deadline = time.monotonic() + WAIT
    while not waiting_for_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    blocked = waiting_for_a_lock()
    release.set()
    for thread in (inviting, running):
        thread.join(WAIT)
    assert blocked, "the retention run never waited for the invitation's row"
    assert not isinstance(outcome["run"], Exception), outcome["run"]
    return outcome["run"]


def test_a_household_invited_while_the_run_was_at_work_stays_on_the_list(household):
    registration, offering = household

    assert invitation_during_the_run(offering) == (0, 0)

    registration.refresh_from_db()
    assert (registration.status, registration.anonymized_at) == (InterestStatus.WAITING, None)
    assert registration.email == "hushall@example.org"
    assert OutboxMessage.objects.filter(
        interest_registration=registration, kind="interest_invitation"
    ).exists()


def test_control_without_the_rule_in_the_update_the_invited_household_is_anonymized(
    household, monkeypatch
):
    registration, offering = household
    real = interest_anonymization.anonymize_registrations
    monkeypatch.setattr(
        interest_anonymization,
        "anonymize_registrations",
        lambda **arguments: real(**{**arguments, "only": None}),
    )

    assert invitation_during_the_run(offering) == (1, 1)

    registration.refresh_from_db()
    assert registration.anonymized_at is not None
    assert not OutboxMessage.objects.filter(interest_registration=registration).exists()
