"""Retention of registrations on interest lists: when each is anonymized (to the second, on
both sides of each line), what it keeps for the statistics, its e-mails, and the accounts and
bounce records it keeps in use."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from bookings.models import (
    InterestInvitation,
    InterestRegistration,
    InterestSource,
    InterestStatus,
    OutboxMessage,
    OutboxStatus,
    UndeliverableAddress,
)
from bookings.organize.unmet_demand import COUNTS, unmet_demand
from bookings.services import interest_anonymization
from bookings.services.anonymization import anonymized_name
from bookings.services.interest_anonymization import (
    anonymize_due_registrations,
    anonymize_registrations,
    due_q,
)
from parentsite.retention import RetentionCounts, anonymize_ended_offerings
from tests.factories import UserFactory
from tests.privacy.conftest import find_in_database

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)
NOW = timezone.now().replace(microsecond=0)
DAY = timedelta(days=1)


@pytest.fixture
def program(make_offering):
    return make_offering(sessions=1, title="Höstens grupp").program


def register(program, n: int, **fields) -> InterestRegistration:
    """Household `n` on the program's list; `updated_at` (when it booked) set as given."""
    updated_at = fields.pop("updated_at", None)
    details = {
        "program": program,
        "email": f"hushall{n}@example.org",
        "name": f"Hushåll Nummer{n}",
        "phone": f"070-111 22 {n:02d}",
        "registered_at": NOW - timedelta(days=10),
        "child_age_band": "3-5",
        "preferred_language": "ar",
        "preferred_weekdays": [2, 4],
        "preferred_time_of_day": "evening",
    }
    details.update(fields)
    registration = InterestRegistration.objects.create(**details)
    if updated_at is not None:
        InterestRegistration.objects.filter(pk=registration.pk).update(updated_at=updated_at)
    return registration


def state(*registrations) -> list[tuple[str, bool]]:
    """(status, anonymized?) of each registration, as the database holds it now."""
    rows = InterestRegistration.objects.in_bulk([r.pk for r in registrations])
    return [(rows[r.pk].status, rows[r.pk].anonymized_at is not None) for r in registrations]


def invitation_email(registration, **fields) -> OutboxMessage:
    """An invitation e-mail about `registration` in the outbox (pending unless given)."""
    details = {
        "kind": "interest_invitation",
        "interest_registration": registration,
        "recipient": registration.email,
        "subject": "Inbjudan",
        "body_text": "Hej",
    }
    return OutboxMessage.objects.create(**{**details, **fields})


def around(line):
    """A second before the line, exactly on it, a second past it (`line` is the latest
    moment that is past: older is due)."""
    return line + SECOND, line, line - SECOND


def test_an_invited_household_that_did_not_book_leaves_a_year_after_its_last_invitation(
    program, settings
):
    assert settings.INTEREST_RETENTION_DAYS == 365
    line = NOW - timedelta(days=365)
    short, exactly, over = (
        register(program, n, last_invited_at=when, registered_at=NOW - timedelta(days=900))
        for n, when in enumerate(around(line))
    )

    counts = anonymize_ended_offerings(now=NOW)

    assert counts.interest_registrations == 1
    waiting, withdrawn = InterestStatus.WAITING, InterestStatus.WITHDRAWN
    assert state(short, exactly, over) == [(waiting, False), (waiting, False), (withdrawn, True)]
    over.refresh_from_db()
    assert over.withdrawn_at == NOW
    # A second later the one invited exactly a year before is due too.
    assert anonymize_ended_offerings(now=NOW + SECOND).interest_registrations == 1
    assert state(short, exactly) == [(waiting, False), (withdrawn, True)]


def test_a_household_that_left_the_list_goes_a_year_after_it_left(program):
    line = NOW - timedelta(days=365)
    withdrawn = [
        register(program, n, status=InterestStatus.WITHDRAWN, withdrawn_at=when)
        for n, when in enumerate(around(line))
    ]
    booked = [
        register(program, 10 + n, status=InterestStatus.BOOKED, updated_at=when)
        for n, when in enumerate(around(line))
    ]

    assert anonymize_ended_offerings(now=NOW).interest_registrations == 2

    # For a withdrawn one `withdrawn_at` decides, though each was changed just now.
    assert [anonymized for _status, anonymized in state(*withdrawn)] == [False, False, True]
    assert state(*booked) == [
        (InterestStatus.BOOKED, False),
        (InterestStatus.BOOKED, False),
        (InterestStatus.BOOKED, True),
    ]
    # A second later the two that left exactly a year before are due too.
    assert anonymize_ended_offerings(now=NOW + SECOND).interest_registrations == 2
    # Left a month ago, though last changed long before: `withdrawn_at` decides again.
    recent = register(
        program,
        20,
        status=InterestStatus.WITHDRAWN,
        withdrawn_at=NOW - 30 * DAY,
        updated_at=NOW - 400 * DAY,
    )
    assert anonymize_ended_offerings(now=NOW + SECOND).interest_registrations == 0
    assert state(recent) == [(InterestStatus.WITHDRAWN, False)]
    # Each keeps when it left the list.
    assert [
        InterestRegistration.objects.get(pk=row.pk).withdrawn_at for row in withdrawn
    ] == list(around(line))


def test_a_household_never_invited_waits_at_most_two_years(program, settings):
    assert settings.INTEREST_MAX_WAIT_DAYS == 730
    line = NOW - timedelta(days=730)
    short, exactly, over = (
        register(program, n, registered_at=when, source=InterestSource.STAFF, email="")
        for n, when in enumerate(around(line))
    )
    # Invited a day ago, in line for three years: its last invitation decides.
    invited = register(program, 5, registered_at=NOW - 3 * 365 * DAY, last_invited_at=NOW - DAY)

    assert anonymize_ended_offerings(now=NOW).interest_registrations == 1

    waiting, withdrawn = InterestStatus.WAITING, InterestStatus.WITHDRAWN
    assert state(short, exactly, over, invited) == [
        (waiting, False),
        (waiting, False),
        (withdrawn, True),
        (waiting, False),
    ]


def test_both_times_are_settings(program, settings):
    settings.INTEREST_RETENTION_DAYS = 30
    settings.INTEREST_MAX_WAIT_DAYS = 60
    invited = register(program, 1, last_invited_at=NOW - 30 * DAY + SECOND)
    withdrawn = register(
        program, 2, status=InterestStatus.WITHDRAWN, withdrawn_at=NOW - 30 * DAY - SECOND
    )
    waiting = register(program, 3, registered_at=NOW - 60 * DAY - SECOND)
    kept = register(program, 4, registered_at=NOW - 60 * DAY + SECOND)

    assert anonymize_ended_offerings(now=NOW).interest_registrations == 2

    assert [anonymized for _status, anonymized in state(invited, withdrawn, waiting, kept)] == [
        False,
        True,
        True,
        False,
    ]
    assert anonymize_ended_offerings(now=NOW + 2 * SECOND).interest_registrations == 2


def test_anonymizing_blanks_who_and_what_suits_them_and_keeps_the_counts(program, parent):
    registration = register(
        program,
        1,
        user=parent.user,
        email=parent.email,
        name=parent.name,
        phone=parent.phone,
        last_invited_at=NOW - 400 * DAY,
        registered_at=NOW - 500 * DAY,
    )
    invitation = InterestInvitation.objects.create(
        registration=registration,
        offering=program.offerings.get(),
        sent_at=NOW - 400 * DAY,
    )
    for status in (OutboxStatus.PENDING, OutboxStatus.FAILED, OutboxStatus.SENT):
        OutboxMessage.objects.create(
            kind="interest_invitation",
            interest_registration=registration,
            recipient=parent.email,
            subject=f"Välkommen {parent.name}",
            body_text=f"Hej {parent.name}",
            status=status,
        )
    superuser = UserFactory(username="chef", is_superuser=True, is_staff=True)
    before = unmet_demand(user=superuser, year=None)

    counts = anonymize_ended_offerings(now=NOW)

    assert (counts.interest_registrations, counts.outbox_messages) == (1, 3)
    registration.refresh_from_db()
    assert registration.name == anonymized_name()
    assert (registration.email, registration.phone, registration.user_id) == ("", "", None)
    assert (registration.child_age_band, registration.preferred_language) == ("", "")
    assert (registration.preferred_weekdays, registration.preferred_time_of_day) == ([], "")
    assert registration.anonymized_at == NOW
    # What the statistics count stays: program, source, persons, place in line.
    assert (registration.program_id, registration.source, registration.persons) == (
        program.pk,
        InterestSource.WEB,
        1,
    )
    assert registration.registered_at == NOW - 500 * DAY
    assert InterestInvitation.objects.filter(pk=invitation.pk).exists()
    assert not OutboxMessage.objects.exists()
    assert find_in_database(parent.name, parent.email, parent.phone) <= {
        ("auth_user", "username"),
        ("auth_user", "email"),
        ("account_emailaddress", "email"),
    }
    after = unmet_demand(user=superuser, year=None)
    assert [[getattr(row, name) for name in COUNTS] for row in after.rows] == [
        [getattr(row, name) for name in COUNTS] for row in before.rows
    ]
    # A second run finds nothing more to do.
    assert anonymize_ended_offerings(now=NOW).interest_registrations == 0


def test_a_registration_anonymized_before_is_left_as_it_is(program):
    """Asked again (an account deleted after the retention run took its registration), the
    registration is not counted again and keeps when it was anonymized."""
    registration = register(program, 1, last_invited_at=NOW - 400 * DAY)
    anonymize_ended_offerings(now=NOW)

    later = NOW + DAY
    assert anonymize_registrations(registration_ids=[registration.pk], now=later) == (0, 0)
    registration.refresh_from_db()
    assert (registration.anonymized_at, registration.updated_at) == (NOW, NOW)


def test_only_the_anonymized_registrations_lose_their_emails(program):
    """A registration the run chose but that is no longer due when its turn comes (a group
    invited it meanwhile) keeps the invitation just queued; and a call for one household
    deletes no other household's e-mails."""
    invited_meanwhile = register(program, 1, last_invited_at=NOW - DAY)
    earlier = register(program, 2, last_invited_at=NOW - 400 * DAY)
    for registration in (invited_meanwhile, earlier):
        invitation_email(
            registration,
            status=OutboxStatus.SENDING if registration == earlier else OutboxStatus.PENDING,
        )
    anonymize_ended_offerings(now=NOW)  # `earlier` is anonymized; its e-mail is being sent
    OutboxMessage.objects.filter(interest_registration=earlier).update(status=OutboxStatus.SENT)

    assert anonymize_registrations(
        registration_ids=[invited_meanwhile.pk], now=NOW, only=due_q(now=NOW)
    ) == (0, 0)
    assert set(OutboxMessage.objects.values_list("interest_registration", flat=True)) == {
        invited_meanwhile.pk,
        earlier.pk,
    }


def test_the_run_takes_every_batch_from_the_first_registration_and_counts_them_all(
    program, monkeypatch
):
    monkeypatch.setattr(interest_anonymization, "BATCH_SIZE", 2)
    # Ids from the very first, so that no registration is before where the run starts.
    for pk in range(1, 6):
        invitation_email(register(program, pk, pk=pk, last_invited_at=NOW - 400 * DAY))

    assert anonymize_due_registrations(now=NOW) == (5, 5)
    assert not InterestRegistration.objects.filter(anonymized_at__isnull=True).exists()


def test_an_email_being_sent_is_deleted_by_a_later_run(program):
    registration = register(program, 1, last_invited_at=NOW - 400 * DAY)
    sending = invitation_email(registration, status=OutboxStatus.SENDING)

    assert anonymize_ended_offerings(now=NOW).outbox_messages == 0
    assert OutboxMessage.objects.filter(pk=sending.pk).exists()

    OutboxMessage.objects.filter(pk=sending.pk).update(status=OutboxStatus.SENT)
    assert anonymize_ended_offerings(now=NOW).outbox_messages == 1
    assert not OutboxMessage.objects.filter(pk=sending.pk).exists()


def test_a_waiting_household_keeps_its_unused_account_and_bounce_record(program, parent):
    """An account unused for longer than the retention time stays while its household waits
    on a list (it will book with it); once the registration is due, both go in one run."""
    get_user_model().objects.filter(pk=parent.user.pk).update(
        last_login=NOW - 200 * DAY, date_joined=NOW - 300 * DAY
    )
    registration = register(
        program, 1, user=parent.user, email=parent.email, registered_at=NOW - 300 * DAY
    )
    UndeliverableAddress.objects.create(email=parent.email, reason="bounced")

    counts = anonymize_ended_offerings(now=NOW)

    assert (counts.accounts, counts.undeliverable_addresses) == (0, 0)
    assert get_user_model().objects.filter(pk=parent.user.pk).exists()

    InterestRegistration.objects.filter(pk=registration.pk).update(registered_at=NOW - 731 * DAY)
    dry = anonymize_ended_offerings(now=NOW, dry_run=True)
    counts = anonymize_ended_offerings(now=NOW)

    assert counts == dry
    assert (counts.interest_registrations, counts.accounts, counts.undeliverable_addresses) == (
        1,
        1,
        1,
    )
    assert not get_user_model().objects.filter(pk=parent.user.pk).exists()


def test_a_dry_run_counts_what_the_run_does_and_changes_nothing(program):
    register(program, 1, last_invited_at=NOW - 400 * DAY)
    left = register(program, 2, status=InterestStatus.WITHDRAWN, withdrawn_at=NOW - 400 * DAY)
    invitation_email(left, status=OutboxStatus.FAILED)
    register(program, 3)

    dry = anonymize_ended_offerings(now=NOW, dry_run=True)

    assert (dry.interest_registrations, dry.outbox_messages) == (2, 1)
    assert not InterestRegistration.objects.filter(anonymized_at__isnull=False).exists()
    assert anonymize_ended_offerings(now=NOW) == dry
    assert anonymize_ended_offerings(now=NOW) == RetentionCounts()


def test_the_command_and_the_periodic_task_anonymize_registrations(program):
    from parentsite.tasks import anonymize_expired_personal_data

    register(program, 1, last_invited_at=timezone.now() - 400 * DAY)
    register(program, 2, last_invited_at=timezone.now() - 400 * DAY)
    out = StringIO()
    call_command("anonymize_personal_data", "--dry-run", stdout=out)
    assert "      2 interest registrations to anonymize" in out.getvalue()

    result = anonymize_expired_personal_data.enqueue()  # the test settings run tasks inline

    assert result.return_value["interest_registrations"] == 2
    assert not InterestRegistration.objects.filter(anonymized_at__isnull=True).exists()


def test_a_sent_invitation_goes_after_the_same_time_as_a_sent_booking_message(program):
    """Sent rows hold the address: they go `KEEP_SENT_FOR` after sending, whatever they are
    about, while the registration itself is still waiting."""
    from bookings.notifications.delivery import KEEP_SENT_FOR, delete_old_sent

    registration = register(program, 1, last_invited_at=NOW - 40 * DAY)
    old, recent = (
        invitation_email(registration, status=OutboxStatus.SENT, sent_at=when)
        for when in (NOW - KEEP_SENT_FOR - SECOND, NOW - KEEP_SENT_FOR + SECOND)
    )

    assert delete_old_sent(now=NOW) == 1

    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [recent.pk]
    assert state(registration) == [(InterestStatus.WAITING, False)]
