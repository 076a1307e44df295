"""The e-mail provider's webhooks (bounces and complaints), from anymail's URL list.

anymail routes a webhook for every provider it knows. A provider this install does not use has
no settings, so its view raises a configuration error on any request: here that is a 404 (the
address serves nothing), never a server error.
"""

from functools import wraps

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailConfigurationError
from django.http import Http404
from django.urls import URLPattern


def answers_404_unless_configured(view):
    @wraps(view)  # keeps csrf_exempt: providers post without a CSRF token
    def webhook(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AnymailConfigurationError:
            raise Http404 from None

    return webhook


app_name = getattr(anymail_urls, "app_name", None)
urlpatterns = [
    URLPattern(
        pattern.pattern,
        answers_404_unless_configured(pattern.callback),
        pattern.default_args,
        pattern.name,
    )
    for pattern in anymail_urls.urlpatterns
]
