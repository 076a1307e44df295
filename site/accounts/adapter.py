"""allauth, the way this site needs it: its e-mails in the site's look and language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Give allauth's templates the site's name and the visitor's language."""
        context = {
            **context,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "language": translation.get_language() or settings.LANGUAGE_CODE,
        }
        super().send_mail(template_prefix, email, context)
