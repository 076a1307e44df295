"""The organizer's actions on the offering page: effect on the database, messages and the log."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from bookings.models import Booking, BookingSource, BookingStatus, OutboxMessage
from bookings.notifications.messages import BookingEmail
from bookings.organize.rosters import waiting_list
from bookings.organize.told import emailed_and_unreachable
from tests.bookings.calendars import calendar_of, expanded, live_times
from tests.bookings.sending import send_waiting
from tests.factories import BookingFactory, WaitlistedBookingFactory


def url(name, *args):
    return reverse(f"organize:{name}", args=args)


def sent(kind) -> list[OutboxMessage]:
    """The messages of a kind, once the worker has rendered and sent what was waiting."""
    send_waiting()
    return list(OutboxMessage.objects.filter(kind=kind).order_by("pk"))


def log_entries(action) -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.filter(action=action))


def assert_no_personal_data(entries, *texts):
    """The log's label, data and message never hold what identifies a family."""
    for entry in entries:
        stored = f"{entry.label} {entry.data} {entry.message}"
        for text in texts:
            assert text not in stored


PHONED = {
    "persons": "2",
    "name": "Ringde Persson",
    "phone": "070-111 22 33",
    "email": "",
    "child_age_band": "6-9",
    "interpreter_language": "so",
    "access_needs": ["hearing_loop"],
    "language": "sv",
}


def test_staff_add_a_phoned_household_without_email(organizer_client, organizer, make_offering):
    offering = make_offering(capacity=6)
    offering.organizers.add(organizer)
    response = organizer_client.post(url("add_booking", offering.pk), PHONED)
    assert response.status_code == 302
    booking = Booking.objects.get(offering=offering)
    assert (booking.name, booking.phone, booking.persons) == ("Ringde Persson", "070-111 22 33", 2)
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.source == BookingSource.STAFF
    assert booking.email == "" and booking.access_needs == ["hearing_loop"]
    assert OutboxMessage.objects.count() == 0  # nobody to e-mail
    [entry] = log_entries("bookings.staff_add")
    assert entry.user == organizer and entry.object_id == str(booking.pk)
    assert_no_personal_data([entry], "Ringde", "070-111")


def test_staff_add_to_a_full_group_puts_the_household_on_the_waitlist(organizer_client, course):
    data = {**PHONED, "email": "ringde@example.org"}
    organizer_client.post(url("add_booking", course.pk), data)
    booking = Booking.objects.get(email="ringde@example.org")
    assert booking.status == BookingStatus.WAITLISTED
    assert [m.recipient for m in sent(BookingEmail.WAITLISTED)] == ["ringde@example.org"]


def test_staff_may_add_after_booking_closed(organizer_client, course):
    # The course started three weeks ago: parents can no longer book, staff still can.
    course.capacity = 7
    course.save()
    organizer_client.post(url("add_booking", course.pk), PHONED)
    assert Booking.objects.get(name="Ringde Persson").status == BookingStatus.CONFIRMED


def test_staff_add_with_bad_input_keeps_what_was_typed(organizer_client, course):
    response = organizer_client.post(url("add_booking", course.pk), {**PHONED, "phone": "ring mig"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Ringde Persson"' in html and "ring mig" in html
    assert not Booking.objects.filter(name="Ringde Persson").exists()


def test_cancel_with_reason_tells_the_parent_and_promotes_the_waitlist(
    organizer_client, organizer, course
):
    booking = course.bookings.get(name="Åsa Öberg 004")
    first_waiting = waiting_list(offering_id=course.pk)[0]
    response = organizer_client.post(
        url("cancel_booking", course.pk, booking.pk), {"reason": "Gruppledaren är sjuk."}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    first_waiting.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert first_waiting.status == BookingStatus.CONFIRMED  # the course promotes automatically
    [message] = sent(BookingEmail.CANCELLED_BY_STAFF)
    assert message.recipient == booking.email
    assert "Gruppledaren är sjuk." in message.body_text
    assert [m.recipient for m in sent(BookingEmail.PROMOTED)] == [first_waiting.email]
    [entry] = log_entries("bookings.staff_cancel")
    assert entry.user == organizer
    assert_no_personal_data([entry], "sjuk", booking.name, booking.email, booking.phone)


def test_cancelling_says_what_became_of_the_seat(organizer_client, course):
    def cancel(booking) -> str:
        response = organizer_client.post(
            url("cancel_booking", course.pk, booking.pk), {"reason": "Sjuk."}, follow=True
        )
        (message,) = [str(message) for message in response.context["messages"]]
        return message

    first, second = waiting_list(offering_id=course.pk)
    assert cancel(second) == "Bokningen är avbokad."  # it held no seat
    assert cancel(course.bookings.get(name="Åsa Öberg 004")) == (
        "Bokningen är avbokad. 1 hushåll på väntelistan fick platsen."
    )
    assert cancel(course.bookings.get(name="Åsa Öberg 005")) == (
        "Bokningen är avbokad. Platsen är ledig: ingen på väntelistan flyttade upp."
    )
    first.refresh_from_db()
    assert first.status == BookingStatus.CONFIRMED


def test_the_cancel_page_counts_persons_in_words_that_agree(organizer_client, course):
    for name, persons in (("Åsa Öberg 004", "(1 person)"), ("Åsa Öberg 005", "(2 personer)")):
        booking = course.bookings.get(name=name)
        page = organizer_client.get(url("cancel_booking", course.pk, booking.pk)).content
        assert f"Bokningen för {name} {persons} avbokas." in page.decode()


def test_a_sessions_button_says_what_its_page_does(organizer_client, course):
    session = course.sessions.order_by("-starts_at").first()
    page = organizer_client.get(reverse("organize:offering", args=[course.pk])).content.decode()
    link = re.search(rf'href="{url("cancel_session", course.pk, session.pk)}">([^<]+)<', page)
    assert link.group(1) == "Ställ in…"  # as its page "Ställ in ett tillfälle", not "Avboka…"


def test_cancel_needs_a_reason(organizer_client, course):
    booking = course.bookings.get(name="Åsa Öberg 004")
    response = organizer_client.post(url("cancel_booking", course.pk, booking.pk), {"reason": " "})
    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert not OutboxMessage.objects.exists()


def test_first_in_line(organizer_client, course):
    first, second = waiting_list(offering_id=course.pk)
    organizer_client.post(url("raise_priority", course.pk, second.pk))
    assert list(waiting_list(offering_id=course.pk)) == [second, first]
    assert len(log_entries("bookings.raise_priority")) == 1


@pytest.mark.parametrize(
    ("action", "status", "kind"),
    [
        ("offer_seat", BookingStatus.OFFERED, BookingEmail.OFFERED),
        ("give_seat", BookingStatus.CONFIRMED, BookingEmail.PROMOTED),
    ],
)
def test_seat_by_hand_out_of_turn(organizer_client, course, action, status, kind):
    course.capacity = 7  # a free seat the automatic promotion has not filled (set directly)
    course.save()
    first, second = waiting_list(offering_id=course.pk)
    organizer_client.post(url(action, course.pk, second.pk))
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == status and first.status == BookingStatus.WAITLISTED
    if status == BookingStatus.OFFERED:
        assert second.offer_expires_at > timezone.now() + timedelta(hours=course.offer_hours - 1)
    assert [m.recipient for m in sent(kind)] == [second.email]


def test_seat_by_hand_is_refused_when_full(organizer_client, course):
    first = waiting_list(offering_id=course.pk)[0]
    response = organizer_client.post(url("give_seat", course.pk, first.pk), follow=True)
    first.refresh_from_db()
    assert first.status == BookingStatus.WAITLISTED
    with translation.override("sv"):
        refusal = gettext("No seat is free for this household. Raise the capacity first.")
    assert refusal in response.content.decode()


def test_change_capacity_promotes_and_is_logged(organizer_client, organizer, course):
    first, second = waiting_list(offering_id=course.pk)
    organizer_client.post(url("capacity", course.pk), {"capacity": "7"})
    course.refresh_from_db()
    first.refresh_from_db()
    assert course.capacity == 7 and first.status == BookingStatus.CONFIRMED
    [entry] = log_entries("bookings.capacity")
    assert entry.data == {"from": 6, "to": 7} and entry.user == organizer


def test_lowering_capacity_bumps_nobody(organizer_client, course):
    organizer_client.post(url("capacity", course.pk), {"capacity": "4"})
    assert course.bookings.filter(status=BookingStatus.CONFIRMED).count() == 6


def test_move_session_tells_every_seated_household(organizer_client, course):
    session = course.sessions.filter(starts_at__gt=timezone.now()).order_by("starts_at")[0]
    new_start = timezone.localtime(session.starts_at + timedelta(days=1)).replace(hour=17)
    response = organizer_client.post(
        url("move_session", course.pk, session.pk),
        {
            "starts_at": new_start.strftime("%Y-%m-%d %H:%M"),
            "ends_at": (new_start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            "venue": "",
        },
    )
    assert response.status_code == 302
    html = organizer_client.get(response["Location"]).content.decode()
    with translation.override("sv"):
        assert emailed_and_unreachable(6, 0) in html  # the organizer sees that parents are told
    session.refresh_from_db()
    assert session.starts_at == new_start
    moved = sent(BookingEmail.SESSION_MOVED)
    assert len(moved) == 6  # the confirmed households, not the waitlist
    assert all("METHOD:REQUEST" in m.attachments[0]["content"] for m in moved)
    assert all(expanded(calendar_of(m)) == live_times(course) for m in moved)
    assert len(log_entries("bookings.session_moved")) == 1


def test_move_session_with_end_before_start_changes_nothing(organizer_client, course):
    session = course.sessions.filter(starts_at__gt=timezone.now()).order_by("starts_at")[0]
    before = session.starts_at
    response = organizer_client.post(
        url("move_session", course.pk, session.pk),
        {"starts_at": "2030-01-10 18:00", "ends_at": "2030-01-10 17:00", "venue": ""},
    )
    assert response.status_code == 400
    session.refresh_from_db()
    assert session.starts_at == before and not OutboxMessage.objects.exists()


def test_cancel_session_sends_calendar_cancellations(organizer_client, course):
    session = course.sessions.filter(starts_at__gt=timezone.now()).order_by("starts_at")[0]
    organizer_client.post(url("cancel_session", course.pk, session.pk))
    session.refresh_from_db()
    assert session.is_cancelled
    cancelled = sent(BookingEmail.SESSION_CANCELLED)
    assert len(cancelled) == 6
    # The series again, without that date: only that instance leaves the parents' calendars.
    assert all("METHOD:REQUEST" in m.attachments[0]["content"] for m in cancelled)
    gone = (session.starts_at.replace(microsecond=0), session.ends_at.replace(microsecond=0))
    for message in cancelled:
        times = expanded(calendar_of(message))
        assert gone not in times and times == live_times(course)


def test_message_everyone_booked(organizer_client, course):
    BookingFactory(offering=course, email="", name="Utan E-post", status=BookingStatus.CONFIRMED)
    response = organizer_client.post(
        url("message", course.pk),
        {"subject": "Ny lokal", "body": "Vi ses i rum 4 på torsdag.", "include_waitlist": ""},
        follow=True,
    )
    messages = sent(BookingEmail.STAFF_MESSAGE)
    assert len(messages) == 6  # confirmed with e-mail; the waitlist was not included
    assert all(m.subject == "Ny lokal" for m in messages)
    assert all("Vi ses i rum 4 på torsdag." in m.body_text for m in messages)
    assert "1" in response.content.decode()  # "1 household has no e-mail address: call them."
    [entry] = log_entries("bookings.message")
    assert entry.data == {"queued": 6, "without_email": 1}
    assert_no_personal_data([entry], "rum 4", "Ny lokal")


def test_message_can_include_the_waitlist(organizer_client, course):
    organizer_client.post(
        url("message", course.pk),
        {"subject": "Info", "body": "Hej", "include_waitlist": "on"},
    )
    assert len(sent(BookingEmail.STAFF_MESSAGE)) == 8


def test_an_action_on_another_offerings_booking_is_a_404(organizer_client, course, make_offering):
    stranger = WaitlistedBookingFactory(offering=make_offering())
    for name in ("raise_priority", "offer_seat", "give_seat"):
        assert organizer_client.post(url(name, course.pk, stranger.pk)).status_code == 404
    response = organizer_client.post(
        url("cancel_booking", course.pk, stranger.pk), {"reason": "x"}
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.status == BookingStatus.WAITLISTED
