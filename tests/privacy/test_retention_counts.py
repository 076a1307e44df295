"""What the retention run says it did (the command's counts, the log line) is what it did, and
what a dry run says it would do; and a bounce record stays while anything still uses its
address."""

import logging
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from bookings.models import Booking, CalendarFeed, OutboxMessage, OutboxStatus, UndeliverableAddress
from bookings.services import anonymization, ensure_calendar_feed
from parentsite import retention
from parentsite.retention import RetentionCounts, anonymize_ended_offerings
from tests.factories import BookingFactory, SessionFactory, UserFactory
from tests.privacy.conftest import make_parent

pytestmark = pytest.mark.django_db


def ended(make_offering, *, days_ago: float, households: int = 1) -> list[Booking]:
    offering = make_offering(sessions=0)
    ends = timezone.now() - timedelta(days=days_ago)
    SessionFactory(offering=offering, starts_at=ends - timedelta(hours=2), ends_at=ends)
    return [BookingFactory(offering=offering) for _ in range(households)]


def email_to(booking: Booking | None, *, status=OutboxStatus.SENT, kind="booking_confirmed"):
    return OutboxMessage.objects.create(
        kind=kind,
        booking=booking,
        recipient=booking.email if booking else "login@example.org",
        subject="Hej",
        body_text="Hej",
        status=status,
    )


def test_a_dry_run_counts_exactly_what_the_run_then_removes(make_offering):
    """Due: a group that ended 100 days ago, with one booking anonymized before (its parent
    deleted their account) and one not, each with an e-mail, one more being sent right now.
    Not due: a group that ended 10 days ago with its e-mail, and a login code's e-mail that
    belongs to no booking. And an old calendar feed of an account that has no booking."""
    anonymized_before, due = ended(make_offering, days_ago=100, households=2)
    (recent,) = ended(make_offering, days_ago=10)
    anonymization.anonymize_bookings(booking_ids=[anonymized_before.pk])
    leftover = email_to(anonymized_before)  # e.g. queued meanwhile by staff
    due_mail = email_to(due)
    being_sent = email_to(due, status=OutboxStatus.SENDING)
    kept_mails = [email_to(recent), email_to(None, status=OutboxStatus.PENDING, kind="account")]
    feed_owner = UserFactory(is_staff=True)
    ensure_calendar_feed(user=feed_owner)
    CalendarFeed.objects.update(created_at=timezone.now() - timedelta(days=100))

    dry = anonymize_ended_offerings(dry_run=True)
    real = anonymize_ended_offerings()

    assert dry == real == RetentionCounts(bookings=1, outbox_messages=2, calendar_feeds=1)
    remaining = set(OutboxMessage.objects.values_list("pk", flat=True))
    assert remaining == {being_sent.pk, *(mail.pk for mail in kept_mails)}
    assert {leftover.pk, due_mail.pk}.isdisjoint(remaining)
    assert not CalendarFeed.objects.exists()


def test_accounts_removed_in_several_batches_are_all_counted(monkeypatch):
    monkeypatch.setattr(retention, "BATCH_SIZE", 2)
    old = timezone.now() - timedelta(days=200)
    parents = [
        make_parent(name=f"Förälder {n}", email=f"p{n}@example.org", phone="") for n in range(5)
    ]
    get_user_model().objects.update(last_login=old, date_joined=old)

    assert anonymize_ended_offerings().accounts == 5

    assert not get_user_model().objects.filter(pk__in=[p.user.pk for p in parents]).exists()


def test_the_log_line_names_the_run_and_each_count(make_offering, caplog):
    ended(make_offering, days_ago=100, households=2)

    with caplog.at_level(logging.INFO, logger="parentsite.retention"):
        anonymize_ended_offerings()

    assert [r.getMessage() for r in caplog.records if r.name == "parentsite.retention"] == [
        "retention: bookings=2 interest_registrations=0 outbox_messages=0 accounts=0 "
        "calendar_feeds=0 undeliverable_addresses=0 sessions=0 task_results=0"
    ]


def test_sessions_kept_outside_the_database_are_neither_counted_nor_cleared(
    make_offering, settings
):
    """With sessions in the cache (Redis in production) the cache expires them itself."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    ended(make_offering, days_ago=100)

    assert anonymize_ended_offerings(dry_run=True).sessions == 0
    assert anonymize_ended_offerings() == RetentionCounts(bookings=1)


def test_a_bounce_record_stays_while_a_booking_or_an_account_uses_its_address(make_offering):
    """Each address is in use in one way only: by a booking still kept (made without an
    account), by an account's own address, or by a further address of an account."""
    BookingFactory(offering=make_offering(sessions=1), email="booked@example.org")
    UserFactory(email="account@example.org", last_login=timezone.now())
    other = UserFactory(email="main@example.org", last_login=timezone.now())
    EmailAddress.objects.create(user=other, email="second@example.org", verified=True)
    for address in ("booked", "account", "second", "nobody"):
        UndeliverableAddress.objects.create(email=f"{address}@example.org", reason="bounced")

    assert anonymize_ended_offerings().undeliverable_addresses == 1

    assert set(UndeliverableAddress.objects.values_list("email", flat=True)) == {
        "booked@example.org",
        "account@example.org",
        "second@example.org",
    }
