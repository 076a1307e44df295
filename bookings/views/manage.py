"""The parent's page for one booking, reached by its secret link or from "My bookings"."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bookings import selectors
from bookings.calendar import booking_calendar
from bookings.models import ACTIVE_STATUSES, BookingStatus
from bookings.services import (
    BookingError,
    accept_offer,
    cancel_booking,
    decline_offer,
)


def _booking_or_404(token: str):
    booking = selectors.booking_by_token(token=token)
    if booking is None:
        raise Http404
    return booking


def manage(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_or_404(token)
    offering = booking.offering
    context = {
        "booking": booking,
        "offering": offering,
        "program": offering.program,
        "position": selectors.waitlist_position(booking),
        "is_active": booking.status in ACTIVE_STATUSES,
    }
    response = render(request, "bookings/manage.html", context)
    # The address holds the booking's secret token: never send it to other sites. Not
    # "no-referrer": Chromium then sends "Origin: null" with this page's forms and CSRF
    # protection refuses them.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _run(request, booking, *, action, done_message) -> HttpResponse:
    """Run `action` on the booking, say how it went and go back to the booking's page."""
    try:
        action(booking_id=booking.pk)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done_message)
    return redirect("bookings:manage", token=booking.token)


def _confirm_then(*, action, template: str, done_message):
    """A view: GET asks "are you sure?" with `template`; POST runs `action` (see `_run`)."""

    def view(request: HttpRequest, token: str) -> HttpResponse:
        booking = _booking_or_404(token)
        if request.method == "POST":
            return _run(request, booking, action=action, done_message=done_message)
        context = {"booking": booking, "program": booking.offering.program}
        return render(request, template, context)

    return view


cancel = _confirm_then(
    action=cancel_booking,
    template="bookings/cancel_confirm.html",
    done_message=gettext_lazy("Your booking is cancelled."),
)
decline = _confirm_then(
    action=decline_offer,
    template="bookings/decline_confirm.html",
    done_message=gettext_lazy("You said no to the seat. Thank you for letting us know."),
)


@require_POST
def accept(request: HttpRequest, token: str) -> HttpResponse:
    welcome = _("Welcome! Your seat is booked.")
    return _run(request, _booking_or_404(token), action=accept_offer, done_message=welcome)


def calendar_file(request: HttpRequest, token: str) -> HttpResponse:
    """The booking's sessions as an .ics file (confirmed bookings only)."""
    booking = _booking_or_404(token)
    if booking.status != BookingStatus.CONFIRMED:
        raise Http404
    manage_url = request.build_absolute_uri(reverse("bookings:manage", args=[token]))
    response = HttpResponse(
        booking_calendar(booking, manage_url=manage_url), content_type="text/calendar"
    )
    response.headers["Content-Disposition"] = 'attachment; filename="bokning.ics"'
    return response
