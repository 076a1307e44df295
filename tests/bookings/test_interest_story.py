"""From a full spring group to a seat in autumn, as a parent and the staff member live it.

Two households find KOMET's spring group full: one joins its waitlist and, asked when the group
starts, keeps a place for the next group; the other registers interest on the program page a
week later. Staff open the autumn group with a priority window. Both are invited by e-mail in
their own language, in line order; the links book directly; a parent who did not wait cannot
book before public booking opens. Everything goes through the pages and the worker's e-mails.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bookings.models import (
    BookingStatus,
    InterestRegistration,
    InterestSource,
    InterestStatus,
    InviteMode,
    OutboxMessage,
    OutboxStatus,
)
from bookings.notifications.delivery import deliver
from bookings.services import BookingError, book_offering
from bookings.services.carry_over import ask_waitlists_about_next_group
from bookings.services.invitations import invite_interest_list
from bookings.services.schedule import refresh_offering_dates
from tests.factories import ProgramPageFactory, SessionFactory
from tests.site.accounts.conftest import logged_in, make_parent

pytestmark = pytest.mark.django_db

INTEREST_FORM = {
    "persons": "1",
    "child_age_band": "6-9",
    "preferred_weekdays": ["2"],
    "preferred_time_of_day": "evening",
    "name": "Sara Nilsson",
    "phone": "",
}


def sent_to(address: str, kind: str) -> tuple[OutboxMessage, object]:
    """Deliver the one pending message of `kind` to `address`; (its row, the sent e-mail)."""
    row = OutboxMessage.objects.get(recipient=address, kind=kind, status=OutboxStatus.PENDING)
    assert deliver(message_id=row.pk) == OutboxStatus.SENT
    (sent,) = [message for message in mail.outbox if message.to == [address]][-1:]
    return row, sent


def link_in(text: str, path_word: str) -> str:
    """The path of the first link to our site in `text` whose path holds `path_word`."""
    match = re.search(rf"https?://[^\s\"<>]+/{path_word}/[^\s\"<>]*", text)
    assert match, text
    return "/" + match.group(0).split("/", 3)[3]


@pytest.fixture
def komet(program_index):
    return ProgramPageFactory(parent=program_index, title="KOMET 3–11", slug="komet-3-11")


def test_full_in_spring_a_seat_in_autumn(make_offering, komet):
    now = timezone.now()
    spring = make_offering(program=komet, capacity=1, title="Våren", sessions=0)
    first_session = SessionFactory(
        offering=spring, starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=2)
    )
    refresh_offering_dates(offering_ids=[spring.pk])
    book_offering(offering_id=spring.pk, email="first@example.org", name="Först")

    # Amal finds the spring group full and joins its waitlist, in Arabic.
    amal = make_parent("amal@example.org")
    amal_client = logged_in(amal, language="ar")
    response = amal_client.post(
        reverse("bookings:book", args=[spring.pk]), {"persons": "1", "name": "Amal", "phone": ""}
    )
    assert response.status_code == 302
    waitlisted = spring.bookings.get(email="amal@example.org")
    assert waitlisted.status == BookingStatus.WAITLISTED

    # A week later Sara finds the page offering the interest list, and registers.
    sara = make_parent("sara@example.org")
    sara_client = logged_in(sara, language="sv")
    page = sara_client.get(komet.url).content.decode()
    interest_url = reverse("bookings:interest", args=[komet.pk])
    assert f'href="{interest_url}"' in page
    assert sara_client.post(interest_url, INTEREST_FORM).status_code == 302
    sara_registration = InterestRegistration.objects.get(email="sara@example.org")
    assert sara_registration.status == InterestStatus.WAITING

    # The spring group starts with Amal still waiting: she is asked, in Arabic, and says yes.
    assert ask_waitlists_about_next_group(now=first_session.starts_at + timedelta(minutes=1)) == 1
    row, question = sent_to("amal@example.org", "next_group_question")
    answer_path = link_in(question.body, "nasta-grupp")
    assert answer_path.startswith("/ar/")
    assert amal_client.post(answer_path, {"answer": "yes"}).status_code in (200, 302)
    amal_registration = InterestRegistration.objects.get(email="amal@example.org")
    assert amal_registration.source == InterestSource.WAITLIST
    assert amal_registration.registered_at == waitlisted.waitlisted_at
    assert amal_registration.registered_at < sara_registration.registered_at

    # Staff open the autumn group, inviting the list with a 48-hour priority window.
    autumn = make_offering(program=komet, capacity=6, title="Hösten", sessions=2)
    result = invite_interest_list(
        offering_id=autumn.pk, actor=None, mode=InviteMode.PRIORITY_WINDOW, priority_hours=48
    )
    autumn.refresh_from_db()
    assert autumn.booking_opens_at >= timezone.now() + timedelta(hours=47)
    assert (result.invited, result.to_phone, result.already) == (2, 0, False)

    # A parent who never waited cannot book before public booking opens.
    with pytest.raises(BookingError) as refused:
        book_offering(offering_id=autumn.pk, email="late@example.org", name="Sen")
    assert refused.value.code == "not_open"

    # Both waiting households are invited, each in its own language, and book from the link.
    for address, language, client in (
        ("amal@example.org", "ar", amal_client),
        ("sara@example.org", "sv", sara_client),
    ):
        _row, invitation = sent_to(address, "interest_invitation")
        path = link_in(invitation.body, "inbjudan")
        prefix = "" if language == "sv" else f"/{language}"
        assert path.startswith(f"{prefix}/bokning/inbjudan/")
        response = client.post(path)
        booking = autumn.bookings.get(email=address)
        assert response.status_code == 302
        assert response.url == f"{prefix}/bokning/{booking.token}/hantera/"
        assert booking.status == BookingStatus.CONFIRMED

    # Those who booked have left the list; the confirmation e-mails are on their way.
    assert set(
        InterestRegistration.objects.filter(program=komet).values_list("status", flat=True)
    ) == {InterestStatus.BOOKED}
    assert OutboxMessage.objects.filter(
        kind="booking_confirmed", recipient__in=["amal@example.org", "sara@example.org"]
    ).count() == 2
