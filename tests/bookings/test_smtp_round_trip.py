"""A booking's confirmation as a real mail server receives it: over SMTP, parsed back from bytes.

The other outbox tests stop at Django's in-memory backend, which never serialises the message.
Here a local aiosmtpd server receives the bytes Django's SMTP backend writes, and the standard
library parser reads them back, so the MIME structure, the encodings and the calendar invite
are checked the way a recipient's mail system sees them.
"""

from __future__ import annotations

import email
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import parseaddr

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

from bookings.models import BookingStatus, OutboxMessage, OutboxStatus
from bookings.services import book_offering
from tests.bookings.calendars import expanded, live_times
from tests.bookings.test_concurrency import leave_migrated_data_behind  # noqa: F401 - autouse
from tests.factories import ProgramPageFactory

PROGRAM_TITLE = "KOMET 3–11 för föräldrar"
PARENT = "asa.oberg@example.org"


@dataclass
class Received:
    """One message as the server got it: the envelope and the raw DATA bytes."""

    mail_from: str
    recipients: list[str]
    content: bytes

    def parsed(self) -> EmailMessage:
        return email.message_from_bytes(self.content, policy=default_policy)


@dataclass
class RecordingHandler:
    """An SMTP server that keeps every message, or refuses every recipient when told to."""

    refuse_recipients: bool = False
    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse_recipients:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
        )
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A local SMTP server that Django's SMTP backend sends to; stopped after the test."""
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def course(program_index, make_offering):
    """A published course with three sessions, under a program with a Swedish title."""
    program = ProgramPageFactory(parent=program_index, title=PROGRAM_TITLE)
    return make_offering(sessions=3, program=program)


def unix_lines(text: str) -> str:
    return text.replace("\r\n", "\n")


def book(offering, capture):
    with capture(execute=True):
        return book_offering(offering_id=offering.pk, email=PARENT, name="Åsa Öberg")


def test_the_confirmation_arrives_as_a_well_formed_invite(
    course, smtp_server, settings, django_capture_on_commit_callbacks
):
    booking = book(course, django_capture_on_commit_callbacks)

    outbox_row = OutboxMessage.objects.get(booking=booking)
    assert (outbox_row.status, outbox_row.attempts) == (OutboxStatus.SENT, 1)
    (received,) = smtp_server.received
    from_name, from_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    assert received.recipients == [PARENT]
    assert received.mail_from == from_address

    message = received.parsed()
    assert str(message["From"]) == settings.DEFAULT_FROM_EMAIL
    assert message["From"].addresses[0].display_name == from_name
    assert [address.addr_spec for address in message["To"].addresses] == [PARENT]
    assert message["Cc"] is None and message["Bcc"] is None
    assert message["Subject"] == outbox_row.subject
    sender_domain = from_address.rsplit("@", 1)[1]
    assert message["Message-ID"] == f"<{outbox_row.message_id}@{sender_domain}>"

    assert message.get_content_type() == "multipart/mixed"
    alternative, invite = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    text, html, card = alternative.iter_parts()
    # The invitation card: the same calendar as the attachment, its method on the MIME part.
    assert (card.get_content_type(), card.get_param("method")) == ("text/calendar", "REQUEST")
    assert card.get_content_disposition() is None
    assert card.get_content() == invite.get_content()
    for part, content_type in ((text, "text/plain"), (html, "text/html")):
        assert part.get_content_type() == content_type
        assert part.get_content_charset() == "utf-8"
        assert part.get_content_disposition() is None  # a body, not an attachment
        assert PROGRAM_TITLE in part.get_content()
        assert "Åsa" in part.get_content()
    # SMTP carries lines ending in CRLF; a mailbox stores them with the local line ending.
    assert unix_lines(text.get_content()) == outbox_row.body_text
    assert unix_lines(html.get_content()) == unix_lines(outbox_row.body_html)

    assert invite.get_content_type() == "text/calendar"
    assert invite.get_param("method") == "REQUEST"
    assert invite.get_content_charset() == "utf-8"
    assert invite.get_content_disposition() == "attachment"
    assert invite.get_filename() == "invite.ics"

    calendar = Calendar.from_ical(invite.get_content())
    assert calendar["METHOD"] == "REQUEST"
    events = calendar.walk("VEVENT")
    # On the host of the course's site (the test site answers as "localhost").
    assert {str(event["UID"]) for event in events} == {f"offering-{course.pk}@localhost"}
    assert expanded(calendar) == live_times(course)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Stockholm"
    for event in events:
        assert str(event["SUMMARY"]) == PROGRAM_TITLE
        assert str(event["ATTENDEE"]) == f"mailto:{PARENT}"
        assert str(event["ORGANIZER"]) == f"mailto:{from_address}"
        assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"


def test_a_refused_recipient_is_recorded_and_the_booking_stands(
    course, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse_recipients = True

    booking = book(course, django_capture_on_commit_callbacks)  # raises nothing

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    outbox_row = OutboxMessage.objects.get(booking=booking)
    assert outbox_row.status == OutboxStatus.FAILED  # a 5xx refusal will not get better
    assert outbox_row.attempts == 1
    assert outbox_row.last_error == "SMTPRecipientsRefused"
    assert smtp_server.received == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_booking_reaches_the_mail_server_through_the_database_queue_and_worker(
    client, program_index, make_offering, smtp_server, settings
):
    """As in production: the booking request commits, its e-mail waits in the outbox with a
    task in the database queue (django_tasks_db, not the test settings' immediate backend),
    and only `manage.py db_worker` delivers it to the mail server."""
    from django.core.management import call_command
    from django.urls import reverse
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from tests.factories import UserFactory

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    offering = make_offering(
        sessions=2, program=ProgramPageFactory(parent=program_index, title=PROGRAM_TITLE)
    )
    DBTaskResult.objects.all().delete()  # Wagtail's own tasks from building the pages
    client.force_login(UserFactory(email=PARENT))

    response = client.post(
        reverse("bookings:book", args=[offering.pk]), {"persons": "1", "name": "Åsa Öberg"}
    )

    assert response.status_code == 302
    booking = offering.bookings.get()
    assert booking.status == BookingStatus.CONFIRMED
    row = OutboxMessage.objects.get(booking=booking)
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 0)
    # The request recorded what happened; rendering is the worker's.
    assert (row.subject, row.body_text, row.attachments) == ("", "", [])
    assert row.facts == {"calendar": "REQUEST"}
    (queued,) = DBTaskResult.objects.filter(
        task_path="bookings.notifications.tasks.send_outbox_message"
    )
    assert queued.status == TaskResultStatus.READY
    assert queued.args_kwargs["kwargs"] == {"message_id": row.pk}
    assert smtp_server.received == []  # nothing reaches the provider without the worker

    call_command("db_worker", "--batch", "--no-startup-delay", "--verbosity", "0")

    (received,) = smtp_server.received
    assert received.recipients == [PARENT]
    message = received.parsed()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 1)
    assert message["Subject"] == row.subject != ""
    assert "Åsa" in message.get_body(("plain",)).get_content()
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == row.body_text
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
