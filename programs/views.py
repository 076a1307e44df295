"""A program's public calendar feed: its coming groups, each under the same UID as its invites,
for anyone to subscribe to."""

from django.http import Http404, HttpRequest, HttpResponse

from bookings.calendar import Series, calendar_response, feed_calendar
from bookings.selectors import upcoming_offerings_for_program

from .models import ProgramPage


def program_feed(request: HttpRequest, program_id: int) -> HttpResponse:
    """Dates only: no bookings, no personal data."""
    program = ProgramPage.objects.live().filter(pk=program_id).first()
    if program is None:
        raise Http404
    link = request.build_absolute_uri(program.url)
    series = [
        Series(
            offering=offering,
            sessions=list(offering.sessions.all()),
            summary=f"{program.title}: {offering.title}",
            description=link,
        )
        for offering in upcoming_offerings_for_program(program=program)
    ]
    content = feed_calendar(series, identity=f"program-{program.pk}", name=program.title)
    return calendar_response(content, private=False)
