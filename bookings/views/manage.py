"""The parent's page for one booking, reached by its secret link or from "My bookings"."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bookings import selectors
from bookings.calendar import booking_calendar
from bookings.forms import AbsenceForm
from bookings.models import ACTIVE_STATUSES, BookingStatus
from bookings.services import (
    BookingError,
    accept_offer,
    cancel_booking,
    decline_offer,
    expire_offers,
    notify_absence,
    withdraw_absence,
)

# What a parent may still do with a booking in each status; the services check again under the
# offering's lock when the answer is sent.
CANCELLABLE = ACTIVE_STATUSES
DECLINABLE = (BookingStatus.OFFERED,)


def _booking_or_404(token: str):
    booking = selectors.booking_by_token(token=token)
    if booking is None:
        raise Http404
    return booking


def manage(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_or_404(token)
    if booking.status == BookingStatus.OFFERED and booking.offer_expires_at <= timezone.now():
        # The deadline passed before the sweep came by: expire it now (the same step, with
        # its message and the seat passed on), so the page never offers a seat that is gone.
        expire_offers(offering_id=booking.offering_id)
        booking = _booking_or_404(token)
    offering = booking.offering
    context = {
        "booking": booking,
        "offering": offering,
        "program": offering.program,
        "position": selectors.waitlist_position(booking),
        "may_cancel": booking.status in CANCELLABLE,
        "coming_sessions": selectors.coming_sessions(booking=booking),
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


def _confirm_then(*, action, allowed, template: str, done_message, not_allowed_message):
    """A view: GET asks "are you sure?" with `template`; POST runs `action` (see `_run`).

    A booking whose status is not in `allowed` is not asked: the parent goes back to the
    booking's page, which shows its state, with `not_allowed_message`.
    """

    def view(request: HttpRequest, token: str) -> HttpResponse:
        booking = _booking_or_404(token)
        if request.method == "POST":
            return _run(request, booking, action=action, done_message=done_message)
        if booking.status not in allowed:
            messages.info(request, not_allowed_message)
            return redirect("bookings:manage", token=booking.token)
        context = {"booking": booking, "program": booking.offering.program}
        return render(request, template, context)

    return view


cancel = _confirm_then(
    action=cancel_booking,
    allowed=CANCELLABLE,
    template="bookings/cancel_confirm.html",
    done_message=gettext_lazy("Your booking is cancelled."),
    not_allowed_message=gettext_lazy(
        "This booking is no longer active, so there is nothing to cancel."
    ),
)
decline = _confirm_then(
    action=decline_offer,
    allowed=DECLINABLE,
    template="bookings/decline_confirm.html",
    done_message=gettext_lazy("You said no to the seat. Thank you for letting us know."),
    not_allowed_message=gettext_lazy("There is no seat offer to say no to."),
)


@require_POST
def absence(request: HttpRequest, token: str) -> HttpResponse:
    """ "I can't come this time" for one coming session, or taking it back."""
    booking = _booking_or_404(token)
    form = AbsenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("We could not tell which session you meant. Please try again."))
        return redirect("bookings:manage", token=booking.token)
    session_id, coming = form.cleaned_data["session"], form.cleaned_data["coming"]
    try:
        if coming:
            withdraw_absence(booking_id=booking.pk, session_id=session_id)
        else:
            notify_absence(booking_id=booking.pk, session_id=session_id)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Thank you. We expect you at that session after all.")
            if coming
            else _("Thank you for telling us. The leaders will see that you cannot come."),
        )
    return redirect(reverse("bookings:manage", args=[booking.token]) + "#coming-heading")


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
