"""Calendar feeds: a parent's private feed of their booked sessions, and a public feed per
program (dates only, no personal data)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings import selectors
from bookings.calendar import sessions_calendar
from bookings.models import Booking, BookingStatus, CalendarFeed
from bookings.services import renew_calendar_feed
from programs.models import ProgramPage


def _calendar_response(content: bytes, *, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response.headers["Cache-Control"] = "private, max-age=900" if private else "max-age=3600"
    if private:
        response.headers["X-Robots-Tag"] = "noindex"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


def parent_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Every session of the parent's confirmed bookings; the link itself is the key."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None:
        raise Http404
    tokens = dict(
        Booking.objects.filter(user=feed.user, status=BookingStatus.CONFIRMED).values_list(
            "offering_id", "token"
        )
    )
    events = [
        (
            session,
            session.offering.program.title,
            request.build_absolute_uri(
                reverse("bookings:manage", args=[tokens[session.offering_id]])
            ),
        )
        for session in selectors.feed_sessions_for_user(user=feed.user)
        if session.offering_id in tokens
    ]
    return _calendar_response(sessions_calendar(events, name=_("My bookings")), private=True)


def program_feed(request: HttpRequest, program_id: int) -> HttpResponse:
    """Upcoming dates of one program, for anyone to subscribe to."""
    program = ProgramPage.objects.live().filter(pk=program_id).first()
    if program is None:
        raise Http404
    link = request.build_absolute_uri(program.url)
    events = [
        (session, f"{program.title}: {session.offering.title}", link)
        for session in selectors.public_sessions_of_program(program=program)
    ]
    return _calendar_response(sessions_calendar(events, name=program.title), private=False)


@login_required
@require_POST
def renew_feed(request: HttpRequest) -> HttpResponse:
    renew_calendar_feed(user=request.user)
    messages.success(request, _("Your calendar has a new link. The old link no longer works."))
    return redirect(reverse("mypages:index") + "#feed-heading")
