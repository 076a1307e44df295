"""Retention: a parent's data is gone a set time after their groups ended; counts stay."""

from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from bookings.models import (
    Attendance,
    Booking,
    BookingStatus,
    CalendarFeed,
    OutboxMessage,
    OutboxStatus,
    UndeliverableAddress,
)
from bookings.models import Session as GroupSession
from bookings.organize.statistics import yearly_statistics
from bookings.services import anonymization, book_offering, ensure_calendar_feed
from bookings.services.staff import message_booked_households, record_attendance
from parentsite.demo.accounts import ensure_organizers_group
from parentsite.retention import RetentionCounts, anonymize_ended_offerings
from tests.factories import BookingFactory, SessionFactory, UserFactory
from tests.privacy.conftest import find_in_database, make_parent


def book(offering, parent=None, **details):
    if parent is not None:
        details = {
            "user": parent.user,
            "email": parent.email,
            "name": parent.name,
            "phone": parent.phone,
            **details,
        }
    return book_offering(offering_id=offering.pk, **details)


@pytest.fixture
def organizer(db):
    user = UserFactory(username="ledare", first_name="Kim", last_name="Ledare", is_staff=True)
    user.groups.add(ensure_organizers_group())
    return user


@pytest.fixture
def ended_groups(make_offering, parent, organizer, superuser):
    """Two groups the parent took part in, with everything that can hold their data:
    a course with attendance and staff log entries, an evening where they were waitlisted,
    e-mails, a bounce record, a calendar feed, an expired session with a booking draft, an old
    task result that quotes their address and Wagtail's log of their user object. Returns the
    moment at which both have ended 120 days ago."""
    course = make_offering(sessions=3, capacity=3, title="Torsdagar 18:00")
    evening = make_offering(sessions=1, capacity=1, title="Temakväll")
    course.organizers.add(organizer)
    theirs = book(
        course,
        parent,
        persons=2,
        child_age_band="3-5",
        interpreter_language="ar",
        needs_childcare=True,
        access_needs=["step_free"],
    )
    first = book(course, email="annan1@example.org", name="Annan Ett")
    second = book(course, email="annan2@example.org", name="Annan Två", persons=2)
    held = list(course.sessions.order_by("starts_at"))
    record_attendance(
        session_id=held[0].pk,
        actor=organizer,
        marks={theirs.pk: "present", first.pk: "absent", second.pk: "present"},
    )
    record_attendance(session_id=held[1].pk, actor=organizer, marks={theirs.pk: "absent"})
    message_booked_households(
        offering_id=course.pk, actor=organizer, subject="Välkommen", body="Vi ses på torsdag!"
    )
    book(evening, email="forst@example.org", name="Först I Kön")
    waiting = book(evening, parent)
    assert waiting.status == BookingStatus.WAITLISTED
    OutboxMessage.objects.filter(booking=theirs).update(
        status=OutboxStatus.SENT, sent_at=timezone.now()
    )
    UndeliverableAddress.objects.create(email=parent.email.upper(), reason="bounced")
    ensure_calendar_feed(user=parent.user)
    draft = SessionStore()
    draft["booking_draft"] = {
        "offering_id": evening.pk,
        "data": {"name": parent.name, "phone": parent.phone},
    }
    draft.create()
    Session.objects.filter(pk=draft.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    DBTaskResult.objects.create(
        status=TaskResultStatus.FAILED,
        args_kwargs={"args": [], "kwargs": {"message_id": 1}},
        task_path="bookings.notifications.tasks.send_outbox_message",
        backend_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now(),
        exception_class_path="smtplib.SMTPRecipientsRefused",
        traceback=f"SMTPRecipientsRefused: {{'{parent.email}': (550, b'no such user')}}",
    )
    log(instance=parent.user, action="wagtail.edit", user=superuser)
    last_end = GroupSession.objects.aggregate(last=Max("ends_at"))["last"]
    return last_end + timedelta(days=120)


def statistics(superuser, now):
    stats = yearly_statistics(user=superuser, year=None, now=now)
    return stats.rows, stats.totals


def test_nothing_of_a_parent_is_left_anywhere_after_the_retention_time(
    parent, superuser, organizer, ended_groups, caplog
):
    now = ended_groups
    # The control: the same search finds the parent everywhere they are before the run.
    before = {table for table, _column in find_in_database(*parent.needles)}
    assert before >= {
        Booking._meta.db_table,
        OutboxMessage._meta.db_table,
        UndeliverableAddress._meta.db_table,
        get_user_model()._meta.db_table,
        EmailAddress._meta.db_table,
        ModelLogEntry._meta.db_table,
        DBTaskResult._meta.db_table,
        Session._meta.db_table,
    }
    for needle in parent.needles:  # each needle on its own is found too
        assert find_in_database(needle)
    stats_before = statistics(superuser, now)
    marks = Attendance.objects.values_list("booking_id", "session_id", "mark")
    attendance_before = sorted(marks)
    staff_entries = ModelLogEntry.objects.filter(action="bookings.attendance").count()
    assert stats_before[1].households_reached == 4
    messages_before = OutboxMessage.objects.count()
    assert messages_before >= 7
    assert stats_before[1].waitlist_demand == 1

    counts = anonymize_ended_offerings(now=now)

    assert find_in_database(*parent.needles) == set()
    assert counts.bookings == 5
    assert counts.accounts == 1
    assert counts.undeliverable_addresses == 1
    assert counts.sessions == 1
    assert counts.task_results == 1
    assert counts.outbox_messages == messages_before
    assert not OutboxMessage.objects.exists()
    # What the yearly statistics read survives: rows, statuses, persons, attendance.
    assert statistics(superuser, now) == stats_before
    assert sorted(marks.all()) == attendance_before
    assert ModelLogEntry.objects.filter(action="bookings.attendance").count() == staff_entries
    assert Booking.objects.count() == 5
    assert set(Booking.objects.values_list("status", flat=True)) == {
        BookingStatus.CONFIRMED,
        BookingStatus.WAITLISTED,
    }
    assert not Booking.objects.filter(anonymized_at__isnull=True).exists()
    assert not CalendarFeed.objects.exists()
    # Staff accounts are never removed by retention.
    assert get_user_model().objects.filter(pk__in=[superuser.pk, organizer.pk]).count() == 2
    # The log says how many, never who.
    assert "bookings=5" in caplog.text
    for needle in parent.needles:
        assert needle not in caplog.text


def test_a_dry_run_changes_nothing_and_counts_what_the_real_run_does(parent, ended_groups):
    now = ended_groups
    rows_before = list(Booking.objects.order_by("pk").values())
    hits_before = find_in_database(*parent.needles)

    dry = anonymize_ended_offerings(now=now, dry_run=True)

    assert list(Booking.objects.order_by("pk").values()) == rows_before
    assert find_in_database(*parent.needles) == hits_before
    real = anonymize_ended_offerings(now=now)
    assert dry == real
    assert real.bookings == 5


def test_a_second_run_changes_nothing(parent, ended_groups):
    now = ended_groups
    first = anonymize_ended_offerings(now=now)
    assert first.bookings == 5
    rows = list(Booking.objects.order_by("pk").values())

    again = anonymize_ended_offerings(now=now + timedelta(minutes=1))

    assert again == RetentionCounts()
    assert list(Booking.objects.order_by("pk").values()) == rows


def test_anonymizing_blanks_every_personal_field_and_replaces_the_link_token(parent, ended_groups):
    before = Booking.objects.get(user=parent.user, status=BookingStatus.CONFIRMED)

    anonymize_ended_offerings(now=ended_groups)

    after = Booking.objects.get(pk=before.pk)
    assert after.name == anonymization.anonymized_name() != ""
    assert (after.email, after.phone, after.child_age_band, after.interpreter_language) == (
        "",
        "",
        "",
        "",
    )
    assert after.needs_childcare is False
    assert after.access_needs == []
    assert after.user_id is None
    assert after.token != before.token
    assert after.anonymized_at == ended_groups
    # Kept: what the statistics and the organizers' history need.
    kept = (
        "offering_id",
        "status",
        "persons",
        "source",
        "waitlisted_at",
        "created_at",
        "cancelled_at",
    )
    assert [getattr(after, field) for field in kept] == [getattr(before, field) for field in kept]


def make_ended(
    make_offering, *, days_ago: float = 0, households: int = 1, cancelled_last=False, end=None
):
    """An offering whose last session ended `days_ago` days ago (or at `end`), with booked
    households."""
    offering = make_offering(sessions=0)
    end = end or timezone.now() - timedelta(days=days_ago)
    SessionFactory(
        offering=offering,
        starts_at=end - timedelta(days=7, hours=2),
        ends_at=end - timedelta(days=7),
    )
    SessionFactory(
        offering=offering,
        starts_at=end - timedelta(hours=2),
        ends_at=end,
        is_cancelled=cancelled_last,
    )
    for _ in range(households):
        BookingFactory(offering=offering)
    return offering


def anonymized(offering) -> bool:
    states = set(offering.bookings.values_list("anonymized_at", flat=True).order_by().distinct())
    assert len(states) == 1, "an offering's bookings are anonymized together"
    return states != {None}


def test_the_retention_time_is_kept_to_the_minute_with_the_default_of_90_days(
    make_offering, settings
):
    """Due once the last session ended *more* than 90 days ago: a minute less is kept, exactly
    90 days is kept, a minute more is anonymized."""
    assert settings.PERSONAL_DATA_RETENTION_DAYS == 90
    now = timezone.now()
    limit = now - timedelta(days=90)
    a_minute_short = make_ended(make_offering, end=limit + timedelta(minutes=1))
    exactly = make_ended(make_offering, end=limit)
    a_minute_over = make_ended(make_offering, end=limit - timedelta(minutes=1))

    counts = anonymize_ended_offerings(now=now)

    assert counts.bookings == 1
    assert (anonymized(a_minute_short), anonymized(exactly), anonymized(a_minute_over)) == (
        False,
        False,
        True,
    )
    # A minute later the one that ended exactly 90 days before is due too.
    assert anonymize_ended_offerings(now=now + timedelta(minutes=1)).bookings == 1
    assert (anonymized(a_minute_short), anonymized(exactly)) == (False, True)
    # Another retention time (the command's --days) moves the limit with it.
    assert anonymize_ended_offerings(now=now, days=89).bookings == 1
    assert anonymized(a_minute_short)


def test_unused_accounts_and_old_feeds_go_after_the_retention_time_to_the_minute(superuser):
    now = timezone.now()
    limit = now - timedelta(days=90)
    short = make_parent(name="Kvar", email="kvar@example.org", phone="")
    exactly = make_parent(name="Precis", email="precis@example.org", phone="")
    over = make_parent(name="Borta", email="borta@example.org", phone="")
    never = make_parent(name="Aldrig", email="aldrig@example.org", phone="")
    users = get_user_model().objects
    for parent, when in (
        (short, limit + timedelta(minutes=1)),
        (exactly, limit),
        (over, limit - timedelta(minutes=1)),
    ):
        users.filter(pk=parent.user.pk).update(last_login=when, date_joined=when)
    # Never logged in: counted from when the account was made.
    users.filter(pk=never.user.pk).update(last_login=None, date_joined=limit - timedelta(minutes=1))
    feeds = {}
    for user, when in ((superuser, limit), (UserFactory(), limit - timedelta(minutes=1))):
        ensure_calendar_feed(user=user)
        CalendarFeed.objects.filter(user=user).update(created_at=when)
        feeds[user.pk] = when

    counts = anonymize_ended_offerings(now=now)

    assert counts.accounts == 2
    assert set(
        users.filter(pk__in=[p.user.pk for p in (short, exactly, over, never)]).values_list(
            "email", flat=True
        )
    ) == {short.email, exactly.email}
    assert counts.calendar_feeds == 1
    assert list(CalendarFeed.objects.values_list("user_id", flat=True)) == [superuser.pk]


def test_the_end_is_the_last_held_session_and_offerings_without_sessions_count_from_last_change(
    make_offering,
):
    cancelled_last = make_ended(make_offering, days_ago=80, cancelled_last=True)
    # Its last held session ended 87 days ago (its cancelled last one 80 days ago): not yet.
    held_long_ago = make_ended(make_offering, days_ago=85, cancelled_last=True)
    # Its last held session ended 92 days ago, whatever the cancelled one planned: due.
    abandoned = make_offering(sessions=0)
    BookingFactory(offering=abandoned)
    still_booking = make_offering(sessions=0)
    BookingFactory(offering=still_booking)
    long_ago = timezone.now() - timedelta(days=100)
    type(abandoned).objects.filter(pk__in=[abandoned.pk, still_booking.pk]).update(
        updated_at=long_ago
    )
    Booking.objects.filter(offering=abandoned).update(updated_at=long_ago)

    anonymize_ended_offerings()

    assert not anonymized(cancelled_last)
    assert anonymized(held_long_ago)
    assert anonymized(abandoned)
    assert not anonymized(still_booking)  # a booking changed just now: still in use


def test_an_email_being_sent_is_left_until_the_worker_is_done(make_offering):
    offering = make_ended(make_offering, days_ago=100)
    booking = offering.bookings.get()
    for status in (OutboxStatus.SENDING, OutboxStatus.PENDING, OutboxStatus.FAILED):
        OutboxMessage.objects.create(
            kind="booking_confirmed",
            booking=booking,
            recipient=booking.email,
            subject="Bokad",
            body_text=f"Hej {booking.name}",
            status=status,
        )

    counts = anonymize_ended_offerings()

    assert counts.bookings == 1
    assert counts.outbox_messages == 2
    assert list(OutboxMessage.objects.values_list("status", flat=True)) == [OutboxStatus.SENDING]
    OutboxMessage.objects.update(status=OutboxStatus.SENT)
    assert anonymize_ended_offerings().outbox_messages == 1
    assert not OutboxMessage.objects.exists()


def test_only_unused_parent_accounts_and_unused_bounce_records_go(make_offering, superuser):
    old = timezone.now() - timedelta(days=200)
    gone = make_parent(name="Borta", email="borta@example.org", phone="")
    recent = make_parent(name="Nyss", email="nyss@example.org", phone="")
    booked = make_parent(name="Bokad", email="bokad@example.org", phone="")
    organizer = UserFactory(username="ledare")
    organizer.groups.add(ensure_organizers_group())
    assigned = UserFactory(username="tilldelad")
    live = make_offering(sessions=1)
    live.organizers.add(assigned)
    users = get_user_model().objects
    users.update(last_login=old, date_joined=old)
    users.filter(pk=recent.user.pk).update(last_login=timezone.now())
    BookingFactory(offering=live, user=booked.user, email=booked.email)
    for address in (gone.email, booked.email, "nobody@example.org"):
        UndeliverableAddress.objects.create(email=address, reason="bounced")

    counts = anonymize_ended_offerings()

    assert counts.accounts == 1
    assert not users.filter(pk=gone.user.pk).exists()
    assert not EmailAddress.objects.filter(email=gone.email).exists()
    assert set(users.values_list("username", flat=True)) == {
        recent.email,
        booked.email,
        "ledare",
        "tilldelad",
        superuser.username,
    }
    assert list(UndeliverableAddress.objects.values_list("email", flat=True)) == [booked.email]


def test_feeds_of_accounts_without_bookings_go_once_they_are_old(make_offering):
    with_booking, without, fresh = (UserFactory() for _ in range(3))
    for user in (with_booking, without, fresh):
        ensure_calendar_feed(user=user)
    BookingFactory(offering=make_offering(sessions=1), user=with_booking)
    CalendarFeed.objects.exclude(user=fresh).update(created_at=timezone.now() - timedelta(days=100))

    assert anonymize_ended_offerings().calendar_feeds == 1

    assert set(CalendarFeed.objects.values_list("user_id", flat=True)) == {
        with_booking.pk,
        fresh.pk,
    }


def test_large_offerings_are_done_in_batches(make_offering, monkeypatch):
    monkeypatch.setattr(anonymization, "BATCH_SIZE", 2)
    offering = make_ended(make_offering, days_ago=100, households=5)

    assert anonymize_ended_offerings().bookings == 5

    assert anonymized(offering)
    assert len(set(offering.bookings.values_list("token", flat=True))) == 5


def test_a_run_with_nothing_due_is_a_few_queries(make_offering, django_assert_max_num_queries):
    for _ in range(3):
        make_ended(make_offering, days_ago=100, households=3)
        make_ended(make_offering, days_ago=10, households=3)
    anonymize_ended_offerings()

    # One more than a single-site install needed: the sites with their retention times.
    with django_assert_max_num_queries(9):
        assert anonymize_ended_offerings() == RetentionCounts()


def test_the_command_prints_counts_and_a_dry_run_changes_nothing(make_offering):
    offering = make_ended(make_offering, days_ago=100, households=2)
    out = StringIO()

    call_command("anonymize_personal_data", "--dry-run", stdout=out)

    assert "Dry run" in out.getvalue()
    assert "      2 bookings to anonymize" in out.getvalue()
    assert not anonymized(offering)
    out = StringIO()
    call_command("anonymize_personal_data", stdout=out)
    assert "      2 bookings anonymized" in out.getvalue()
    assert anonymized(offering)
    out = StringIO()
    call_command("anonymize_personal_data", "--days", "1000", "--dry-run", stdout=out)
    assert "      0 bookings to anonymize" in out.getvalue()


def test_the_periodic_task_runs_the_sweep(make_offering):
    from parentsite.management.commands.run_periodic import PERIODIC_TASKS
    from parentsite.tasks import anonymize_expired_personal_data

    assert anonymize_expired_personal_data in PERIODIC_TASKS
    offering = make_ended(make_offering, days_ago=100)

    result = anonymize_expired_personal_data.enqueue()  # the test settings run tasks inline

    assert result.return_value["bookings"] == 1
    assert anonymized(offering)


def test_the_anonymized_name_is_the_sites_language_whatever_the_request_speaks(db):
    from django.utils import translation

    with translation.override("en"):
        assert anonymization.anonymized_name() == "Anonymiserad"


def test_an_offering_without_sessions_counts_from_staffs_last_edit_too(make_offering):
    """Staff edited the offering 10 days ago; its only booking last changed 100 days ago: it is
    still being planned, so nothing goes."""
    planned = make_offering(sessions=0)
    BookingFactory(offering=planned)
    now = timezone.now()
    Booking.objects.filter(offering=planned).update(updated_at=now - timedelta(days=100))
    type(planned).objects.filter(pk=planned.pk).update(updated_at=now - timedelta(days=10))

    assert anonymize_ended_offerings(now=now).bookings == 0
    assert not anonymized(planned)


def test_an_anonymized_booking_keeps_no_link_to_an_account_still_in_use(make_offering):
    """The parent logged in yesterday (their account stays), but their group ended long ago:
    the booking no longer points to them."""
    offering = make_ended(make_offering, days_ago=100, households=0)
    user = UserFactory(last_login=timezone.now() - timedelta(days=1))
    booking = BookingFactory(offering=offering, user=user, email=user.email)
    now = timezone.now()

    anonymize_ended_offerings(now=now)

    booking.refresh_from_db()
    assert (booking.user_id, booking.anonymized_at, booking.updated_at) == (None, now, now)
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_anonymizing_in_batches_counts_every_booking_and_every_email(make_offering, monkeypatch):
    monkeypatch.setattr(anonymization, "BATCH_SIZE", 2)
    offering = make_ended(make_offering, days_ago=100, households=5)
    for booking in offering.bookings.all():
        OutboxMessage.objects.create(
            kind="booking_confirmed",
            booking=booking,
            recipient=booking.email,
            subject="Bokad",
            body_text="Hej",
            status=OutboxStatus.SENT,
        )

    counts = anonymize_ended_offerings()

    assert (counts.bookings, counts.outbox_messages) == (5, 5)


def test_anonymize_bookings_works_per_offering_in_batches_and_counts_what_it_changed(
    make_offering, monkeypatch
):
    """The account deletion's way in: the given bookings, whatever their offering, each
    offering under its lock and in batches; a booking already anonymized is left as it is."""
    from bookings.services import locking

    monkeypatch.setattr(anonymization, "BATCH_SIZE", 2)
    first, second = make_offering(), make_offering()
    bookings = [BookingFactory(offering=first) for _ in range(5)]
    bookings += [BookingFactory(offering=second) for _ in range(2)]
    done_before = BookingFactory(offering=second)
    anonymization.anonymize_bookings(booking_ids=[done_before.pk])
    done_before.refresh_from_db()
    kept = (done_before.anonymized_at, done_before.token)
    locked = []
    real_lock = locking.lock_offering

    def recording_lock(*, offering_id):
        locked.append(offering_id)
        return real_lock(offering_id=offering_id)

    monkeypatch.setattr(locking, "lock_offering", recording_lock)
    at = timezone.now() - timedelta(minutes=5)

    changed = anonymization.anonymize_bookings(
        booking_ids=[b.pk for b in bookings] + [done_before.pk], now=at
    )

    assert changed == 7
    assert locked == [first.pk] * 3 + [second.pk] * 2  # 5 in batches of 2, then 2 + 1
    assert set(
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).values_list(
            "anonymized_at", flat=True
        )
    ) == {at}
    done_before.refresh_from_db()
    assert (done_before.anonymized_at, done_before.token) == kept
    assert anonymization.anonymize_bookings(booking_ids=[done_before.pk]) == 0


def test_anonymize_bookings_without_a_time_uses_now(make_offering):
    booking = BookingFactory(offering=make_offering())
    before = timezone.now()

    assert anonymization.anonymize_bookings(booking_ids=[booking.pk]) == 1

    booking.refresh_from_db()
    assert before <= booking.anonymized_at <= timezone.now()
