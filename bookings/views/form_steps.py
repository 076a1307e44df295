"""Steps the parent's forms (booking, interest list) take alike: what the form starts with, the
rate limit on posts, and the e-mail code for a parent without a session."""

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from bookings import drafts, ratelimits, selectors
from bookings.verification import may_send_code, send_code_and_redirect


def initial_details(request: HttpRequest, **draft_for) -> dict:
    """What the parent typed before the e-mail check (the draft for `draft_for`: offering_id= or
    program_id=), else their saved name and phone."""
    draft = drafts.load_draft(request, **draft_for)
    if draft is not None:
        return draft
    if request.user.is_authenticated:
        return selectors.booking_form_defaults(user=request.user)
    return {}


def over_rate_limit(request: HttpRequest, form: forms.Form, *, action: str) -> bool:
    """Count this post (settings.BOOKING_RATE_LIMITS); when it is one too many, the form says
    so and comes back with what was typed (and any mistakes in it)."""
    if ratelimits.consume(request, action=action, limits=settings.BOOKING_RATE_LIMITS):
        return False
    form.is_valid()
    form.add_error(
        None,
        _(
            "You have sent this form many times in a short while. Wait a few minutes and "
            "send it again."
        ),
    )
    return True


def send_code_keeping_draft(
    request: HttpRequest, form: forms.Form, *, next_url: str, **draft_for
) -> HttpResponse | None:
    """A valid form from a parent without a session: keep what they typed (`drafts`, under
    `draft_for`: offering_id= or program_id=) and send them a code, after which they land on
    `next_url`. None when this address was sent too many codes (the form says so)."""
    details = form.cleaned_data
    if not may_send_code(request, email=details["email"]):
        form.add_error(
            "email",
            _("We have just sent several codes to this address. Wait a minute and try again."),
        )
        return None
    drafts.save_draft(
        request, **draft_for, data={key: value for key, value in details.items() if key != "email"}
    )
    return send_code_and_redirect(request, email=details["email"], next_url=next_url)
