"""A parent's private calendar feed: the groups of their confirmed bookings, each under the same
UID as its invites. The link itself is the key, so a calendar app can subscribe without logging
in; My pages can replace it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings.calendar import Series, calendar_response, feed_calendar
from bookings.models import CalendarFeed
from bookings.models.booking import is_token_shaped
from bookings.notifications.rendering import manage_url
from bookings.services import renew_calendar_feed

from .selectors import feed_bookings_of_parent


def parent_feed(request: HttpRequest, token: str) -> HttpResponse:
    if not is_token_shaped(token):
        raise Http404
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None:
        raise Http404
    series = [
        Series(
            offering=booking.offering,
            sessions=list(booking.offering.sessions.all()),
            summary=booking.offering.program.title,
            description=manage_url(booking),  # on the booking's site, in the parent's language
        )
        for booking in feed_bookings_of_parent(user=feed.user)
    ]
    content = feed_calendar(series, identity=f"feed-{feed.pk}", name=_("My bookings"))
    return calendar_response(content, private=True)


@login_required
@require_POST
def renew_feed(request: HttpRequest) -> HttpResponse:
    renew_calendar_feed(user=request.user)
    messages.success(request, _("Your calendar has a new link. The old link no longer works."))
    return redirect(reverse("mypages:index") + "#feed-heading")
