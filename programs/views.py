"""A program's public calendar feed: its upcoming dates, for anyone to subscribe to."""

from django.http import Http404, HttpRequest, HttpResponse

from bookings.calendar import calendar_response, sessions_calendar
from bookings.selectors import public_sessions_of_program

from .models import ProgramPage


def program_feed(request: HttpRequest, program_id: int) -> HttpResponse:
    """Dates only: no bookings, no personal data."""
    program = ProgramPage.objects.live().filter(pk=program_id).first()
    if program is None:
        raise Http404
    link = request.build_absolute_uri(program.url)
    events = [
        (session, f"{program.title}: {session.offering.title}", link)
        for session in public_sessions_of_program(program=program)
    ]
    return calendar_response(sessions_calendar(events, name=program.title), private=False)
