"""Who the accessibility statement names, and sending its feedback to the municipality."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from bookings.models import EmailSettings, OutboxMessage
from bookings.notifications.messages import sender_for_site
from bookings.notifications.outbox import queue_email
from parentsite.municipality import MunicipalitySettings

FEEDBACK_KIND = "accessibility_feedback"


@dataclass(frozen=True)
class StatementFacts:
    """What the statement says about who stands behind the site (Settings → Municipality)."""

    municipality: str  # "Gnesta kommun"
    board: str  # "Socialnämnden i Gnesta"
    service: str  # the site's name: its home page's title
    accepts_feedback: bool


def _settings_of(site: Site | None) -> MunicipalitySettings:
    # A plain read: Wagtail's `for_site()` would INSERT a settings row on a GET.
    found = MunicipalitySettings.objects.filter(site=site).first() if site else None
    return found or MunicipalitySettings()


def feedback_recipient(site: Site | None, chosen: MunicipalitySettings | None = None) -> str:
    """Where the site's accessibility feedback goes: its accessibility contact (`chosen`: its
    settings, when already read), else the address parents' replies go to (Settings → E-mail
    to parents); "" when it has neither."""
    contact = (chosen or _settings_of(site)).accessibility_contact
    if contact or site is None:
        return contact
    email_settings = EmailSettings.objects.filter(site=site).first()
    return email_settings.reply_to if email_settings else ""


def _service_name(site: Site) -> str:
    return site.root_page.title


def _language_name(code: str) -> str:
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:  # a language Django has no name for
        return code


def statement_facts(page) -> StatementFacts:
    site = page.get_site()
    if site is None:  # a page outside every site, e.g. moved away
        return StatementFacts(municipality="", board="", service="", accepts_feedback=False)
    chosen = _settings_of(site)
    return StatementFacts(
        municipality=chosen.municipality_name or site.site_name,
        board=chosen.data_controller,
        service=_service_name(site),
        accepts_feedback=bool(feedback_recipient(site, chosen)),
    )


def send_accessibility_feedback(
    *, site: Site, message: str, reply_address: str, page_url: str, language: str
) -> OutboxMessage | None:
    """Queue the visitor's message to the site's accessibility contact (in the caller's
    transaction; the worker sends it). In the install's language, which the municipality's
    staff read; replies go straight to the visitor when they gave an address. None when the
    site has nowhere to send it."""
    recipient = feedback_recipient(site)
    if not recipient:
        return None
    service = _service_name(site)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "message": message,
            "reply_address": reply_address,
            "page_url": page_url,
            "language": _language_name(language),
            "service": service,
        }
        subject = _("Accessibility feedback: %(service)s") % {"service": service}
        body = render_to_string("parentsite/emails/accessibility_feedback.txt", context)
    return queue_email(
        kind=FEEDBACK_KIND,
        recipient=recipient,
        subject=subject,
        body_text=body,
        from_email=sender_for_site(site).from_email,
        reply_to=reply_address,
        site_id=site.pk,  # the municipality's staff see it in their outbox
    )
