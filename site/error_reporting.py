"""Error reports that never carry a parent: Sentry (optional, when SENTRY_DSN is set) and the
e-mails Django sends to ADMINS.

An error while a parent books can hold what they typed in the request body, their address in a
query string or an exception message, and their booking's secret token in a URL. Sentry is told
to send no personal data (no cookies, no users' addresses, no local variables), and every event
passes through `scrub_event` before it leaves: the request's body, cookies and query string and
the user's e-mail are removed, and every string left anywhere in the event is masked with the
logs' rules (`parentsite.logging.mask_secrets`). The error e-mails to ADMINS get the same masking.
"""

from __future__ import annotations

from typing import Any

from django.utils.log import AdminEmailHandler
from django.views.debug import SafeExceptionReporterFilter

from parentsite.logging import mask_secrets

REQUEST_PARTS_REMOVED = ("data", "cookies", "query_string")
HEADERS_REMOVED = {"cookie", "authorization"}
USER_PARTS_REMOVED = ("email", "username", "ip_address")


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_secrets(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item) for item in value]
    return value


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Sentry's `before_send`: the event without request body, cookies, query string or the
    user's e-mail, and with every e-mail address, phone number and token in it masked."""
    request = event.get("request")
    if isinstance(request, dict):
        for part in REQUEST_PARTS_REMOVED:
            request.pop(part, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() not in HEADERS_REMOVED
            }
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    user = event.get("user")
    if isinstance(user, dict):
        for part in USER_PARTS_REMOVED:
            user.pop(part, None)
    return _masked(event)


def init_sentry(*, dsn: str, environment: str = "production", **options: Any) -> None:
    """Start sending errors to Sentry, scrubbed of personal data (`options`: e.g. a transport)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        **options,
    )


class NoPostDataFilter(SafeExceptionReporterFilter):
    """Error reports show which fields were posted, never what was typed, nor any cookie."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_safe_cookies(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.COOKIES, self.cleansed_substitute)


class MaskedAdminEmailHandler(AdminEmailHandler):
    """Django's error e-mail to ADMINS, as plain text with addresses, phones and tokens masked
    (the subject holds the request's path; the body its address and headers)."""

    def send_mail(self, subject, message, *args, **kwargs):
        kwargs.pop("html_message", None)
        super().send_mail(mask_secrets(subject), mask_secrets(message), *args, **kwargs)
