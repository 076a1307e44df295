"""The booking form: validate, check the e-mail if needed, call `book_offering`, show the result."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bookings import drafts, selectors
from bookings.forms import BookingForm
from bookings.models import BookingStatus
from bookings.services import BookingError, book_offering

from .form_steps import initial_details, over_rate_limit, send_code_keeping_draft


def _form(request: HttpRequest, *, max_persons: int, data=None, initial=None) -> BookingForm:
    return BookingForm(
        data,
        initial=initial,
        max_persons=max_persons,
        ask_email=not request.user.is_authenticated,
    )


def _render(request: HttpRequest, offering, form: BookingForm, *, status: int = 200):
    context = {
        "offering": offering,
        "program": offering.program,
        "availability": offering.availability,
        "form": form,
        "resumed": request.user.is_authenticated
        and drafts.load_draft(request, offering_id=offering.pk) is not None,
        "retention_days": getattr(settings, "PERSONAL_DATA_RETENTION_DAYS", 90),
    }
    return render(request, "bookings/book.html", context, status=status)


def _shown_offering(offering_id: int):
    """The offering with everything its page shows (seats, sessions), or 404."""
    offering = selectors.bookable_offering(offering_id=offering_id)
    if offering is None or not offering.program.live:
        raise Http404
    return offering


def _answer(request: HttpRequest, offering_id: int, form: BookingForm, *, status: int):
    """The form again, with what was typed and what went wrong, and the seats as they are now."""
    return _render(request, _shown_offering(offering_id), form, status=status)


def book(request: HttpRequest, offering_id: int) -> HttpResponse:
    """GET shows the form (refilled after the e-mail check); POST books or joins the waitlist.

    A post reads only the offering's persons limit and the parent's message language (one
    query) before `book_offering` takes the offering's lock and reads what decides the
    booking; the page's seats, sessions and the form's saved details are read only when the
    form is shown again.
    """
    if request.method != "POST":
        offering = _shown_offering(offering_id)
        form = _form(
            request,
            max_persons=offering.max_persons_per_booking,
            initial=initial_details(request, offering_id=offering.pk),
        )
        return _render(request, offering, form)

    reads = selectors.booking_post_reads(offering_id=offering_id, user=request.user)
    if reads is None:
        raise Http404
    form = _form(request, max_persons=reads.max_persons, data=request.POST)
    if over_rate_limit(request, form, action="book"):
        return _answer(request, offering_id, form, status=429)
    if form.is_from_a_bot():
        # The honeypot was filled in: no booking, no e-mail, no log line, and a reply that
        # looks like any other finished post.
        return redirect(_shown_offering(offering_id).program.url)
    if not form.is_valid():
        return _answer(request, offering_id, form, status=400)
    if not request.user.is_authenticated:
        next_url = reverse("bookings:book", args=[offering_id])
        sent = send_code_keeping_draft(request, form, next_url=next_url, offering_id=offering_id)
        return sent or _answer(request, offering_id, form, status=429)

    try:
        booking = book_offering(
            offering_id=offering_id,
            user=request.user,
            email=request.user.email,
            **form.household_details(),
            language=reads.parent_language or get_language() or "sv",
        )
    except BookingError as error:
        if error.code == "duplicate" and error.booking is not None:
            drafts.clear_draft(request)
            messages.info(request, error.message)
            return redirect("bookings:manage", token=error.booking.token)
        form.add_error(None, error.message)
        # Seats may have changed while the parent was typing: show the current state.
        return _answer(request, offering_id, form, status=409)

    drafts.clear_draft(request)
    if booking.status == BookingStatus.CONFIRMED:
        messages.success(request, _("Your seat is booked."))
    else:
        messages.info(request, _("The group is full, so you are on the waitlist."))
    return redirect("bookings:manage", token=booking.token)
