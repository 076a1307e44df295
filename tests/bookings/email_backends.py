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
