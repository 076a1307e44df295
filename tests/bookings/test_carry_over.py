"""Carry-over: households still on a group's waitlist when it starts are asked once, by e-mail
in their language, whether to keep a place for the program's next group; a yes puts them on
the program's interest list in line from when they joined the waitlist."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from bookings.models import (
    BookingStatus,
    InterestRegistration,
    InterestSource,
    InterestStatus,
    OutboxMessage,
)
from bookings.services import cancel_booking, register_interest
from bookings.services.carry_over import (
    answer_next_group_question,
    ask_waitlists_about_next_group,
    carried_registration,
)
from bookings.tasks import ask_about_next_groups
from parentsite.management.commands.run_periodic import PERIODIC_TASKS
from tests.bookings.sending import send_waiting
from tests.factories import BookingFactory, SessionFactory, UserFactory, WaitlistedBookingFactory

pytestmark = pytest.mark.django_db

KIND = "next_group_question"
NOW = timezone.now()
JOINED = NOW - timedelta(days=40)


def started_group(make_offering, *, days_ago: int = 1, **fields):
    """A full course whose first session was `days_ago` days ago (bookings are closed)."""
    offering = make_offering(sessions=0, capacity=1, **fields)
    first = NOW - timedelta(days=days_ago)
    for week in range(4):
        starts = first + timedelta(weeks=week)
        SessionFactory(offering=offering, starts_at=starts, ends_at=starts + timedelta(hours=2))
    BookingFactory(offering=offering)
    return offering


def asked(*bookings):
    """Whether each booking was asked, by its stored time and its queued question."""
    result = []
    for booking in bookings:
        booking.refresh_from_db()
        questions = OutboxMessage.objects.filter(booking=booking, kind=KIND).count()
        result.append((booking.next_group_asked_at is not None, questions))
    return result


def question_page(booking) -> str:
    return reverse("bookings:next_group", args=[booking.token])


def answer(client, booking, value: str):
    return client.post(question_page(booking), {"answer": value}, follow=True)


@pytest.fixture
def waiting(make_offering):
    """Sara, still on the waitlist (since 40 days) of a group that started yesterday, asked."""
    offering = started_group(make_offering)
    sara = WaitlistedBookingFactory(
        offering=offering,
        email="sara@example.org",
        name="Sara Nilsson",
        phone="070-765 43 21",
        persons=2,
        child_age_band="6-9",
        waitlisted_at=JOINED,
        user=UserFactory(),
    )
    assert ask_waitlists_about_next_group(now=NOW) == 1
    return sara


def test_households_still_waiting_when_the_group_starts_are_asked_once(make_offering):
    offering = started_group(make_offering)
    confirmed = BookingFactory(offering=offering)
    sara = WaitlistedBookingFactory(offering=offering)
    by_phone = WaitlistedBookingFactory(offering=offering, email="")
    cancelled = BookingFactory(offering=offering, status=BookingStatus.CANCELLED)
    not_started = started_group(make_offering, days_ago=-7)
    later = WaitlistedBookingFactory(offering=not_started)

    assert ask_waitlists_about_next_group(now=NOW) == 1

    assert asked(sara) == [(True, 1)]
    # A seat, no address to write to, or a group still to start: nobody asked.
    assert asked(confirmed, by_phone, cancelled, later) == [(False, 0)] * 4

    assert ask_waitlists_about_next_group(now=NOW + timedelta(minutes=1)) == 0
    assert ask_waitlists_about_next_group(now=NOW + timedelta(days=80)) == 0
    assert asked(sara) == [(True, 1)]


def test_the_later_group_asks_when_it_starts(make_offering):
    not_started = started_group(make_offering, days_ago=-7)
    later = WaitlistedBookingFactory(offering=not_started)

    assert ask_waitlists_about_next_group(now=NOW + timedelta(days=8)) == 1
    assert asked(later) == [(True, 1)]


def test_a_group_whose_sessions_were_all_cancelled_asks_when_it_has_ended(make_offering):
    offering = make_offering(sessions=0, capacity=1)
    starts = NOW - timedelta(days=3)
    SessionFactory(
        offering=offering, starts_at=starts, ends_at=starts + timedelta(hours=2), is_cancelled=True
    )
    offering.refresh_from_db()
    assert offering.first_session_at is None  # it never started
    sara = WaitlistedBookingFactory(offering=offering)

    assert ask_waitlists_about_next_group(now=NOW) == 1
    assert asked(sara) == [(True, 1)]


def test_a_group_that_ended_long_ago_asks_nobody(make_offering):
    offering = started_group(make_offering, days_ago=200)
    old = WaitlistedBookingFactory(offering=offering)

    assert ask_waitlists_about_next_group(now=NOW) == 0
    assert asked(old) == [(False, 0)]


def test_the_question_is_a_periodic_job(make_offering):
    sara = WaitlistedBookingFactory(offering=started_group(make_offering))
    assert ask_about_next_groups in PERIODIC_TASKS

    ask_about_next_groups.enqueue()

    assert asked(sara) == [(True, 1)]


def test_the_email_is_in_the_households_language_and_leads_to_the_question(make_offering, client):
    offering = started_group(make_offering)
    sara = WaitlistedBookingFactory(offering=offering, language="ar", waitlisted_at=JOINED)
    ask_waitlists_about_next_group(now=NOW)

    [message] = send_waiting()

    with translation.override("ar"):
        subject = gettext("Keep a place for the next group?")
        started = gettext(
            "The group you are on the waitlist for has started, and no seat became free for you."
        )
    assert subject != "Keep a place for the next group?"  # Arabic, not the English source
    assert message.subject == subject
    assert started in message.body_text and started in message.body_html
    link = f"/ar/bokning/{sara.token}/nasta-grupp/"
    assert f"http://localhost{link}" in message.body_text
    assert f'href="http://localhost{link}"' in message.body_html
    page = client.get(urlsplit(f"http://localhost{link}").path)
    assert page.status_code == 200
    assert 'lang="ar"' in page.content.decode()
    assert 'value="yes"' in page.content.decode()


def test_yes_keeps_a_place_in_line_from_when_the_household_joined_the_waitlist(
    client, waiting, program_index
):
    program = waiting.offering.program
    later = register_interest(
        program_id=program.pk, email="later@example.org", name="Later", now=NOW - timedelta(days=5)
    )

    page = answer(client, waiting, "yes")

    assert "Du står på listan till nästa grupp" in page.content.decode()
    kept = InterestRegistration.objects.get(carried_over_from=waiting)
    assert (kept.program_id, kept.registered_at, kept.source, kept.status) == (
        program.pk,
        JOINED,
        InterestSource.WAITLIST,
        InterestStatus.WAITING,
    )
    assert (kept.email, kept.name, kept.phone, kept.persons, kept.child_age_band) == (
        "sara@example.org",
        "Sara Nilsson",
        "070-765 43 21",
        2,
        "6-9",
    )
    assert (kept.user_id, kept.language) == (waiting.user_id, waiting.language)
    in_line = InterestRegistration.objects.filter(program=program, status="waiting")
    assert list(in_line.order_by("registered_at", "pk")) == [kept, later]
    # The waitlisted booking itself is not changed by the answer.
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.WAITLISTED


def test_yes_twice_keeps_one_place(client, waiting):
    answer(client, waiting, "yes")

    page = answer(client, waiting, "yes")

    assert "Du hade redan svarat ja" in page.content.decode()
    assert InterestRegistration.objects.filter(program=waiting.offering.program).count() == 1


def test_yes_from_a_household_already_on_the_list_adds_nothing(client, waiting):
    program = waiting.offering.program
    own = register_interest(program_id=program.pk, email="SARA@example.org", name="Sara")

    page = answer(client, waiting, "yes")

    assert "Du står redan på listan" in page.content.decode()
    assert list(InterestRegistration.objects.filter(program=program)) == [own]


def test_no_keeps_nothing(client, waiting):
    page = answer(client, waiting, "no")

    assert "Ingen plats sparas åt dig" in page.content.decode()
    assert not InterestRegistration.objects.exists()


def test_no_after_yes_takes_the_place_back_and_yes_again_restores_it(client, waiting):
    answer(client, waiting, "yes")
    answer(client, waiting, "no")
    kept = InterestRegistration.objects.get(carried_over_from=waiting)
    assert kept.status == InterestStatus.WITHDRAWN

    answer(client, waiting, "yes")

    kept.refresh_from_db()
    assert (kept.status, kept.registered_at) == (InterestStatus.WAITING, JOINED)
    assert InterestRegistration.objects.count() == 1


def test_a_household_given_a_seat_meanwhile_has_nothing_to_carry_over(client, waiting):
    seat = waiting.offering.bookings.get(status=BookingStatus.CONFIRMED)
    cancel_booking(booking_id=seat.pk)  # the seat goes to Sara
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CONFIRMED

    shown = client.get(question_page(waiting)).content.decode()
    page = answer(client, waiting, "yes")

    assert "Inget att föra över" in shown
    assert 'value="yes"' not in shown
    assert "Det finns inget att föra över" in page.content.decode()
    assert not InterestRegistration.objects.exists()


def test_a_household_not_asked_yet_cannot_carry_over(client, make_offering):
    offering = make_offering(capacity=0)
    still_hoping = WaitlistedBookingFactory(offering=offering)

    answer(client, still_hoping, "yes")

    assert not InterestRegistration.objects.exists()


def test_another_persons_token_finds_nothing(client, waiting):
    other = WaitlistedBookingFactory(offering=waiting.offering)
    mangled = waiting.token[:-1] + ("A" if waiting.token[-1] != "A" else "B")

    assert client.get(question_page(other)).status_code == 200
    for token in (mangled, str(waiting.pk)):
        url = reverse("bookings:next_group", args=[token])
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "yes"}).status_code == 404
    assert not InterestRegistration.objects.exists()


def test_the_page_is_not_stored_and_needs_a_csrf_token(waiting):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    page = strict.get(question_page(waiting))
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "same-origin"
    assert strict.post(question_page(waiting), {"answer": "yes"}).status_code == 403
    assert not InterestRegistration.objects.exists()


def test_a_kept_place_speaks_the_households_language(make_offering):
    offering = started_group(make_offering)
    omar = WaitlistedBookingFactory(offering=offering, language="ar", waitlisted_at=JOINED)
    ask_waitlists_about_next_group(now=NOW)

    answer_next_group_question(booking_id=omar.pk, keep=True)

    assert InterestRegistration.objects.get(carried_over_from=omar).language == "ar"


def test_a_no_after_a_yes_is_dated_when_it_was_given(waiting):
    said_no = NOW + timedelta(hours=3)
    answer_next_group_question(booking_id=waiting.pk, keep=True, now=NOW + timedelta(hours=1))

    answer_next_group_question(booking_id=waiting.pk, keep=False, now=said_no)

    kept = InterestRegistration.objects.get(carried_over_from=waiting)
    assert (kept.status, kept.withdrawn_at) == (InterestStatus.WITHDRAWN, said_no)


def test_the_answer_page_finds_only_this_households_kept_place(waiting):
    register_interest(program_id=waiting.offering.program_id, email="egen@example.org", name="E")
    assert carried_registration(waiting) is None

    answer_next_group_question(booking_id=waiting.pk, keep=True)

    assert carried_registration(waiting) == InterestRegistration.objects.get(
        carried_over_from=waiting
    )
