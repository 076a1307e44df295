"""A booking's e-mail, its calendar invite and its download carry its own municipality: the
sender's name (From and the invite's ORGANIZER), links to its own site's domain, and calendar
UIDs on its own host."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Page, Site

from bookings.calendar.series import offering_uid
from bookings.models import EmailSettings, OutboxMessage
from bookings.notifications.delivery import deliver
from bookings.services import book_offering
from tests.bookings.calendars import calendar_of, uids
from tests.factories import HomePageFactory, ProgramIndexPageFactory, ProgramPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sollentuna_program(site_pages):
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Sollentuna")
    site = Site.objects.create(
        hostname="sollentuna.example", port=443, root_page=home, site_name="Sollentuna"
    )
    EmailSettings.objects.create(site=site, sender_name="Föräldrastöd Sollentuna kommun")
    return ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home))


def sent_message(offering, email):
    booking = book_offering(offering_id=offering.pk, email=email, name="Sara", language="sv")
    row = OutboxMessage.objects.get(booking=booking)
    deliver(message_id=row.pk)
    row.refresh_from_db()
    return booking, row, [m for m in mail.outbox if m.to == [email]][-1]


def test_a_booking_in_each_municipality_is_told_from_and_linked_to_its_own(
    make_offering, sollentuna_program
):
    there = make_offering(sessions=2, program=sollentuna_program)
    here = make_offering(sessions=2)

    booking, row, sent = sent_message(there, "sara@example.org")
    link = "https://sollentuna.example" + reverse("bookings:manage", args=[booking.token])
    assert link in sent.body and f'href="{link}"' in row.body_html
    assert sent.from_email.startswith('"Föräldrastöd Sollentuna kommun"')
    calendar = calendar_of(row)
    assert uids(calendar) == {f"offering-{there.pk}@sollentuna.example"} == {offering_uid(there)}
    organizer = calendar.walk("VEVENT")[0]["ORGANIZER"]
    assert organizer.params["CN"] == "Föräldrastöd Sollentuna kommun"

    booking, row, sent = sent_message(here, "omar@example.org")
    assert "sollentuna" not in sent.body and "sollentuna" not in row.attachments[0]["content"]
    assert "http://localhost" + reverse("bookings:manage", args=[booking.token]) in sent.body
    assert uids(calendar_of(row)) == {f"offering-{here.pk}@localhost"}
