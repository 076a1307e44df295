"""The interest form ("Anmäl intresse"): a household asks to hear when a program's next group
opens. The same steps as the booking form: validate, prove the address with a code when there
is no session, then call `register_interest`."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from bookings import drafts, ratelimits, selectors
from bookings.forms_interest import InterestForm
from bookings.selectors.interest import program_has_free_seats, program_open_for_interest
from bookings.services import BookingError, register_interest
from bookings.verification import may_send_code, send_code_and_redirect


def _program_or_404(request: HttpRequest, program_id: int):
    program = program_open_for_interest(
        program_id=program_id, site=Site.find_for_request(request)
    )
    if program is None:
        raise Http404
    return program


def _initial_details(request: HttpRequest, program_id: int) -> dict:
    """What the parent typed before the e-mail check, else their saved name and phone."""
    draft = drafts.load_draft(request, program_id=program_id)
    if draft is not None:
        return draft
    if request.user.is_authenticated:
        return selectors.booking_form_defaults(user=request.user)
    return {}


def _render(request: HttpRequest, program, form: InterestForm, *, status: int = 200):
    context = {
        "program": program,
        "shown": program.localized,  # its translation into the reader's language, if live
        "form": form,
        "free_seats_now": program_has_free_seats(program_id=program.pk),
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
        form = InterestForm(initial=_initial_details(request, program.pk), ask_email=ask_email)
        return _render(request, program, form)

    form = InterestForm(request.POST, ask_email=ask_email)
    if not ratelimits.consume(request, action="interest", limits=settings.BOOKING_RATE_LIMITS):
        form.is_valid()  # the form comes back with what was typed (and any mistakes in it)
        form.add_error(
            None,
            _("You have sent this form many times in a short while. Wait a few minutes and "
              "send it again."),
        )
        return _render(request, program, form, status=429)
    if form.is_from_a_bot():
        # The honeypot was filled in: nothing saved, no e-mail, a reply like any other.
        return redirect(program.url)
    if not form.is_valid():
        return _render(request, program, form, status=400)
    details = form.cleaned_data
    if ask_email:
        if not may_send_code(request, email=details["email"]):
            form.add_error(
                "email",
                _("We have just sent several codes to this address. Wait a minute and try again."),
            )
            return _render(request, program, form, status=429)
        drafts.save_draft(
            request,
            program_id=program.pk,
            data={key: value for key, value in details.items() if key != "email"},
        )
        return send_code_and_redirect(
            request,
            email=details["email"],
            next_url=reverse("bookings:interest", args=[program.pk]),
        )

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
