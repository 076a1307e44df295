"""The interest form ("Anmäl intresse"): a household asks to hear when a program's next group
opens. The same steps as the booking form: validate, prove the address with a code when there
is no session, then call `register_interest`."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from bookings import drafts, selectors
from bookings.forms_interest import InterestForm
from bookings.selectors.interest import (
    is_waiting,
    program_has_free_seats,
    program_open_for_interest,
)
from bookings.services import BookingError, register_interest

from .form_steps import initial_details, over_rate_limit, send_code_keeping_draft


def _program_or_404(request: HttpRequest, program_id: int):
    program = program_open_for_interest(program_id=program_id, site=Site.find_for_request(request))
    if program is None:
        raise Http404
    return program


def _render(request: HttpRequest, program, form: InterestForm, *, status: int = 200):
    context = {
        "program": program,
        "shown": program.localized,  # its translation into the reader's language, if live
        "form": form,
        "free_seats_now": program_has_free_seats(program_id=program.pk),
        # Asked before a form is filled in; a post by someone waiting meets the duplicate.
        "already_waiting": not form.is_bound
        and is_waiting(program_id=program.pk, user=request.user),
        "resumed": request.user.is_authenticated
        and drafts.load_draft(request, program_id=program.pk) is not None,
    }
    return render(request, "bookings/interest/register.html", context, status=status)


def _to_my_pages() -> HttpResponse:
    return redirect(reverse("mypages:index") + "#interest-heading")


def register(request: HttpRequest, program_id: int) -> HttpResponse:
    """GET shows the form (refilled after the e-mail check); POST puts the household on the
    program's interest list, or sends a parent without a session through the code step."""
    program = _program_or_404(request, program_id)
    ask_email = not request.user.is_authenticated
    if request.method != "POST":
        initial = initial_details(request, program_id=program.pk)
        return _render(request, program, InterestForm(initial=initial, ask_email=ask_email))

    form = InterestForm(request.POST, ask_email=ask_email)
    if over_rate_limit(request, form, action="interest"):
        return _render(request, program, form, status=429)
    if form.is_from_a_bot():
        # The honeypot was filled in: nothing saved, no e-mail, a reply like any other.
        return redirect(program.url)
    if not form.is_valid():
        return _render(request, program, form, status=400)
    if ask_email:
        next_url = reverse("bookings:interest", args=[program.pk])
        sent = send_code_keeping_draft(request, form, next_url=next_url, program_id=program.pk)
        return sent or _render(request, program, form, status=429)

    try:
        register_interest(
            program_id=program.pk,
            user=request.user,
            email=request.user.email,
            **form.registration_details(),
            language=selectors.message_language(user=request.user) or get_language() or "sv",
        )
    except BookingError as error:
        if error.code == "duplicate":
            drafts.clear_draft(request)
            messages.info(request, error.message)
            return _to_my_pages()
        form.add_error(None, error.message)
        return _render(request, program, form, status=400)
    drafts.clear_draft(request)
    messages.success(
        request, _("You are on the interest list. We will e-mail you when a new group opens.")
    )
    return _to_my_pages()
