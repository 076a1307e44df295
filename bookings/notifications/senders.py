"""Who an e-mail is from: per site (Wagtail settings), with the project's defaults."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings

from bookings.models import EmailSettings


@dataclass(frozen=True)
class Sender:
    """Who an e-mail is from, per site (Wagtail settings), with the project's defaults."""

    from_email: str
    reply_to: str
    name: str
    signature: str


def display_address(name: str, address: str) -> str:
    """ "Name" <address>, left unencoded: Django encodes the header when it sends."""
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}" <{address}>'


def sender_for(program) -> Sender:
    return sender_for_site(program.get_site())


def sender_for_site(site) -> Sender:
    """The sender of one Wagtail site (None: the project's defaults)."""
    # A plain read: Wagtail's `for_site()` would INSERT a settings row on first use.
    email_settings = EmailSettings.objects.filter(site=site).first() if site else None
    default_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = (email_settings and email_settings.sender_name) or default_name
    name = name or settings.WAGTAIL_SITE_NAME
    return Sender(
        from_email=display_address(name, address),
        reply_to=(email_settings and email_settings.reply_to) or "",
        name=name,
        signature=(email_settings and email_settings.signature) or "",
    )
