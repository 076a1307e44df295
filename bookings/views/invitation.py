"""The page an invitation e-mail links to: the group and one button that books it with the
details the household gave on the interest list.

The token proves the address (the e-mail went there), so no code step is asked. An
invitation that can no longer be used gets a page that says why, with the program's page and,
when public booking is open, the ordinary booking form. The page answers only on its group's
own municipality's site: another site's address answers 404, as for an unknown token.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from bookings import selectors
from bookings.models import BookingStatus
from bookings.selectors.invitations import (
    InvitationState,
    invitation_by_token,
    invitation_state,
)
from bookings.services import BookingError, book_offering
from bookings.site_urls import site_root_for


def _on_its_own_site(request: HttpRequest, program) -> bool:
    """Whether the request came to the site whose page tree holds `program`."""
    site = Site.find_for_request(request)
    if site is None:
        return True
    root = site_root_for(program)
    return root is not None and root.site_id == site.pk


def _invitation_or_404(request: HttpRequest, token: str):
    invitation = invitation_by_token(token=token)
    if invitation is None:
        raise Http404
    program = invitation.offering.program
    if not program.live or not _on_its_own_site(request, program):
        raise Http404
    return invitation


def _render(request, invitation, *, state, refusal: str = "", status: int = 200) -> HttpResponse:
    offering = invitation.offering
    availability = selectors.availability_of(offering)
    usable = state == InvitationState.USABLE and not refusal
    can_book = usable and availability.window != selectors.WindowState.CLOSED
    context = {
        "invitation": invitation,
        "registration": invitation.registration,
        "offering": offering,
        "program": offering.program,
        "availability": availability,
        "state": state,
        "refusal": refusal,
        "can_book": can_book and (not availability.is_full or availability.has_waitlist),
        "joins_waitlist": availability.is_full,
        "closed": availability.window == selectors.WindowState.CLOSED,
    }
    template = "invitation.html" if context["can_book"] else "invitation_unusable.html"
    response = render(request, f"bookings/{template}", context, status=status)
    # The address holds the invitation's secret token (see the booking's page).
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the group and the "Book my seat" button; POST books and goes to the booking."""
    invitation = _invitation_or_404(request, token)
    state = invitation_state(invitation, now=timezone.now())
    if request.method != "POST" or state != InvitationState.USABLE:
        return _render(request, invitation, state=state)
    registration = invitation.registration
    try:
        booking = book_offering(
            offering_id=invitation.offering_id,
            user=registration.user,
            email=registration.email,
            name=registration.name,
            phone=registration.phone,
            persons=registration.persons,
            child_age_band=registration.child_age_band,
            language=registration.language,
            invitation_token=invitation.token,
        )
    except BookingError as error:
        if error.code == "duplicate" and error.booking is not None:
            messages.info(request, error.message)
            return redirect("bookings:manage", token=error.booking.token)
        # The group or the invitation changed since the page was shown: say how it is now.
        invitation = _invitation_or_404(request, token)
        state = invitation_state(invitation, now=timezone.now())
        return _render(request, invitation, state=state, refusal=error.message, status=409)
    if booking.status == BookingStatus.CONFIRMED:
        messages.success(request, _("Your seat is booked."))
    else:
        messages.info(request, _("The group is full, so you are on the waitlist."))
    return redirect("bookings:manage", token=booking.token)
