"""The invitation e-mail: rendered by the worker in the household's language, from its group's
municipality, with the group's dates, the window's end or the invitation's deadline, and a
link that books directly."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from wagtail.models import Page, Site

from bookings.models import EmailSettings, InviteMode, OutboxMessage, OutboxStatus
from bookings.notifications.delivery import deliver
from bookings.notifications.messages import KIND_LABELS
from tests.bookings.interest_invites import invitation_of, invite, register
from tests.factories import HomePageFactory, ProgramIndexPageFactory, ProgramPageFactory

pytestmark = pytest.mark.django_db

SUBJECT = "A new group is starting – you are invited to book"


@pytest.fixture
def program(program_index):
    return ProgramPageFactory(parent=program_index, title="KOMET 3–11")


def send_invitation(registration):
    """Deliver the household's invitation e-mail; (outbox row, sent message)."""
    row = OutboxMessage.objects.get(interest_registration=registration)
    assert deliver(message_id=row.pk) == OutboxStatus.SENT
    row.refresh_from_db()
    (sent,) = [message for message in mail.outbox if message.to == [registration.email]]
    return row, sent


def day_and_time(moment, language: str) -> tuple[str, str]:
    local = timezone.localtime(moment)
    with translation.override(language):
        return formats.date_format(local, "l j F Y"), local.strftime("%H:%M")


def test_an_arabic_household_is_invited_in_arabic_with_a_link_that_books_directly(
    make_offering, program
):
    group = make_offering(program=program, sessions=2, title="Torsdagar 18:00")
    registration = register(program, 0, language="ar", name="Amal")
    invite(group, InviteMode.PRIORITY_WINDOW, priority_hours=48)
    token = invitation_of(registration, group).token

    row, sent = send_invitation(registration)

    with translation.override("ar"):
        arabic_subject = gettext(SUBJECT)
        book_label = gettext("Book my seat")
    assert arabic_subject != SUBJECT and book_label != "Book my seat"
    assert sent.subject == arabic_subject
    link = f"http://localhost/ar/bokning/inbjudan/{token}/"
    assert link in sent.body and f'href="{link}"' in row.body_html
    assert book_label in sent.body and book_label in row.body_html
    assert 'lang="ar" dir="rtl"' in row.body_html
    assert "Amal" in sent.body
    group.refresh_from_db()
    for session in group.sessions.all():
        day, _time = day_and_time(session.starts_at, "ar")
        assert day in sent.body and day in row.body_html
    opens_day, opens_time = day_and_time(group.booking_opens_at, "ar")
    assert opens_day in sent.body and opens_time in sent.body
    assert opens_day in row.body_html and opens_time in row.body_html


def test_a_batch_invitation_says_until_when_it_holds_the_place(make_offering, program):
    group = make_offering(program=program, sessions=1, offer_hours=24)
    registration = register(program, 0, language="en")
    now = timezone.now()
    invite(group, InviteMode.BATCHES, now=now)

    row, sent = send_invitation(registration)

    day, time = day_and_time(now + timedelta(hours=24), "en")
    text = f"This invitation is valid until {day} at {time}."
    assert text in sent.body and text in row.body_html
    assert "Only households on the interest list" not in sent.body
    assert sent.subject == SUBJECT
    assert "/en/bokning/inbjudan/" in sent.body


def test_the_text_and_html_parts_say_the_same_things(make_offering, program):
    group = make_offering(program=program, sessions=1)
    registration = register(program, 0, language="en")
    invite(group, InviteMode.PRIORITY_WINDOW)

    row, sent = send_invitation(registration)

    for sentence in (
        "you may book a place before anyone else",
        "Only households on the interest list can book until",
        "Booking through this invitation uses the details you gave",
        "you stay on the interest list for the next group",
        "The link books a place in your name: please do not forward this e-mail.",
        "You get this e-mail because you are on the interest list for KOMET 3–11.",
    ):
        assert sentence in sent.body, sentence
        assert sentence in row.body_html.replace("&#x27;", "'"), sentence
    assert "because you booked a place" not in sent.body + row.body_html  # they have not


def test_another_municipality_invites_from_its_own_sender_and_domain(make_offering, site_pages):
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Sollentuna")
    site = Site.objects.create(
        hostname="sollentuna.example", port=443, root_page=home, site_name="Sollentuna"
    )
    EmailSettings.objects.create(site=site, sender_name="Föräldrastöd Sollentuna kommun")
    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home))
    group = make_offering(program=program, sessions=1)
    registration = register(program, 0)
    invite(group, InviteMode.PRIORITY_WINDOW)

    row, sent = send_invitation(registration)

    assert sent.from_email.startswith('"Föräldrastöd Sollentuna kommun"')
    assert "https://sollentuna.example/bokning/inbjudan/" in sent.body
    assert row.site_id == site.pk


def test_staff_see_the_kind_by_its_name():
    with translation.override("sv"):
        assert str(KIND_LABELS["interest_invitation"]) == "Inbjudan från intresselistan"


def test_an_invitation_whose_registration_is_gone_is_given_up(make_offering, program):
    group = make_offering(program=program, sessions=1)
    registration = register(program, 0)
    invite(group, InviteMode.PRIORITY_WINDOW)
    row = OutboxMessage.objects.get(interest_registration=registration)
    registration.delete()

    assert deliver(message_id=row.pk) == OutboxStatus.FAILED
    assert mail.outbox == []
