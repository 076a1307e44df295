"""The e-mail provider's bounce and complaint webhook, from anymail's URL list.

anymail routes a webhook (tracking and inbound) for every provider it knows; most of them answer
a server error to a request they cannot use (a provider without settings, a body that is not
the provider's). Only the tracking webhook of the provider this install sends through is
routed (EMAIL_WEBHOOK_PROVIDER, by default the one named in EMAIL_BACKEND); a body it cannot
read gets a 400, a provider without settings a 404. None of them is a server error.
"""

import logging
from functools import wraps

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailConfigurationError
from django.conf import settings
from django.http import Http404, HttpResponseBadRequest
from django.urls import URLPattern

logger = logging.getLogger(__name__)
UNREADABLE = (ValueError, KeyError, TypeError, AttributeError, IndexError)


def answers_404_unless_configured(view):
    @wraps(view)  # keeps csrf_exempt: providers post without a CSRF token
    def webhook(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AnymailConfigurationError:
            raise Http404 from None
        except UNREADABLE as error:
            # The error's class only: the body can hold addresses.
            logger.warning("unreadable webhook call to %s (%s)", request.path, type(error).__name__)
            return HttpResponseBadRequest()

    return webhook


def webhook_provider() -> str:
    """"postmark" for EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"."""
    configured = getattr(settings, "EMAIL_WEBHOOK_PROVIDER", "")
    if configured:
        return configured
    parts = settings.EMAIL_BACKEND.split(".")
    return parts[2] if parts[:2] == ["anymail", "backends"] and len(parts) > 3 else ""


app_name = getattr(anymail_urls, "app_name", None)
urlpatterns = [
    URLPattern(
        pattern.pattern,
        answers_404_unless_configured(pattern.callback),
        pattern.default_args,
        pattern.name,
    )
    for pattern in anymail_urls.urlpatterns
    if pattern.name == f"{webhook_provider()}_tracking_webhook"
]
