"""E-mail backends that fail the way providers do, for outbox tests."""

import smtplib

from anymail.exceptions import AnymailRecipientsRefused
from django.core.mail.backends.base import BaseEmailBackend


class DownBackend(BaseEmailBackend):
    """A provider that is unreachable: a temporary failure."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("provider down")


class RefusingBackend(BaseEmailBackend):
    """A provider that refuses the recipient: a permanent failure."""

    def send_messages(self, email_messages):
        raise AnymailRecipientsRefused("recipient refused")


class RecordingDownBackend(DownBackend):
    """An unreachable provider that remembers each call (`calls`, cleared by the test)."""

    calls: list[list[str]] = []

    def send_messages(self, email_messages):
        type(self).calls.append([message.to[0] for message in email_messages])
        return super().send_messages(email_messages)


class LongNamedErrorBackend(BaseEmailBackend):
    """A provider whose error class has a very long name (longer than `last_error` holds)."""

    def send_messages(self, email_messages):
        name = "Provider" + "Unavailable" * 30 + "Error"
        raise type(name, (smtplib.SMTPServerDisconnected,), {})("provider down")
