"""The page a household still waiting when its group started answers from: keep a place for
the program's next group, yes or no (the link in the "next group" e-mail)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from bookings import selectors
from bookings.models import InterestStatus
from bookings.services.carry_over import (
    NextGroupAnswer,
    answer_next_group_question,
    carried_registration,
    may_carry_over,
)

ANSWERED = {
    NextGroupAnswer.KEPT: (
        messages.SUCCESS,
        _(
            "Thank you. You are on the list for the next group, in line from when you joined "
            "the waitlist."
        ),
    ),
    NextGroupAnswer.ALREADY_KEPT: (
        messages.INFO,
        _("You had already said yes: your place for the next group is kept."),
    ),
    NextGroupAnswer.ALREADY_ON_LIST: (
        messages.INFO,
        _("You are already on the list for this program's next group, so nothing was added."),
    ),
    NextGroupAnswer.NOT_KEPT: (
        messages.SUCCESS,
        _("Thank you for answering. No place is kept for you for the next group."),
    ),
    NextGroupAnswer.NOTHING_TO_CARRY: (
        messages.INFO,
        _("There is nothing to carry over for this booking."),
    ),
}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def next_group(request: HttpRequest, token: str) -> HttpResponse:
    booking = selectors.booking_by_token(token=token)
    if booking is None:
        raise Http404
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer in ("yes", "no"):
            result = answer_next_group_question(booking_id=booking.pk, keep=answer == "yes")
            level, text = ANSWERED[result]
            messages.add_message(request, level, text)
        return redirect("bookings:next_group", token=booking.token)
    carried = carried_registration(booking)
    kept = carried if carried is not None and carried.status == InterestStatus.WAITING else None
    context = {
        "booking": booking,
        "offering": booking.offering,
        "program": booking.offering.program,
        "kept": kept,
        "may_answer": kept is None and may_carry_over(booking),
    }
    response = render(request, "bookings/next_group.html", context)
    # The address holds the booking's secret token (see manage.manage).
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
