"""allauth, the way this site needs it: its e-mails in the site's look and language, sent
through the outbox like every other e-mail the site sends."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.models import Site

from bookings.models import OutboxMessage
from bookings.notifications.messages import sender_for_site
from bookings.notifications.outbox import queue_email


def _bodies(message: EmailMessage) -> tuple[str, str]:
    """(plain text, HTML) of a message allauth rendered (HTML alone when it had no text)."""
    if message.content_subtype == "html":
        return strip_tags(message.body).strip() + "\n", message.body
    alternatives = getattr(message, "alternatives", ())
    html = next((content for content, mimetype in alternatives if mimetype == "text/html"), "")
    return message.body, html


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's message (login code, address confirmation, password reset, change
        notices) in the visitor's language and put it in the outbox instead of sending it.

        The worker sends it moments later, so a slow or failing provider never slows or breaks
        the request; the row is written in the caller's transaction, or at once in autocommit.
        """
        if len(email) > OutboxMessage._meta.get_field("recipient").max_length:
            return  # no mail system accepts such an address (RFC 5321), and no row can hold it
        request = allauth_context.request
        site = Site.find_for_request(request) if request is not None else None
        sender = sender_for_site(site)
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
            "site_name": sender.name,  # the municipality, as its booking e-mails are signed
            "language": translation.get_language() or settings.LANGUAGE_CODE,
        }
        if request is not None:  # where to log in, for "you already have an account"
            context["login_url"] = request.build_absolute_uri(
                reverse("account_request_login_code")
            )
            # allauth sends "no account uses this address" for a login code and for a new
            # password alike: the e-mail says which one was asked for.
            resolved = request.resolver_match
            context["asked_for_password"] = (
                resolved is not None and resolved.url_name == "account_reset_password"
            )
        message = self.render_mail(template_prefix, email, context)
        body_text, body_html = _bodies(message)
        queue_email(
            kind=OutboxMessage.ACCOUNT_KIND,
            recipient=email,
            subject=message.subject,
            body_text=body_text,
            body_html=body_html,
            from_email=sender.from_email,
            reply_to=sender.reply_to,
            site_id=site.pk if site is not None else None,
        )
