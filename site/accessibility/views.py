"""The accessibility statement's feedback form, posted to the statement page itself."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bookings import ratelimits

from .feedback import send_accessibility_feedback
from .forms import FeedbackForm


def answer_feedback(request: HttpRequest, *, page) -> tuple[FeedbackForm, int | None]:
    """Validate a posted message and queue it for the municipality: (the form, None) when it
    is sent (or silently dropped, for a bot), else (the form with what was typed and what went
    wrong, the HTTP status to show it with). Counted against the public forms' rate limits."""
    form = FeedbackForm(request.POST)
    if not ratelimits.consume(
        request, action="accessibility_feedback", limits=settings.BOOKING_RATE_LIMITS
    ):
        form.is_valid()  # the form comes back with what was typed (and any mistakes in it)
        form.add_error(
            None,
            _(
                "You have sent this form many times in a short while. Wait a few minutes and "
                "send it again."
            ),
        )
        return form, 429
    if form.is_from_a_bot():
        return form, None  # no e-mail, no log line, and a reply like any other sent message
    if not form.is_valid():
        return form, 400
    sent = send_accessibility_feedback(
        site=page.get_site(),
        message=form.cleaned_data["message"],
        reply_address=form.cleaned_data["reply_address"],
        page_url=page.get_full_url(request),
        language=get_language() or settings.LANGUAGE_CODE,
    )
    if sent is None:
        form.add_error(
            None, _("This form cannot send messages yet. Please contact us another way.")
        )
        return form, 503
    return form, None
