"""When an offering has ended: one rule (bookings.selectors.ending) for every caller."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Offering
from bookings.selectors import (
    has_ended,
    not_ended,
    offering_ends_at,
    upcoming_offerings,
    upcoming_offerings_for_program,
)
from tests.factories import SessionFactory


def schedule(make_offering, *days_and_cancelled):
    """An offering with a two-hour session on each (days from now, cancelled?)."""
    offering = make_offering(sessions=0)
    for days, cancelled in days_and_cancelled:
        starts = timezone.now() + timedelta(days=days)
        SessionFactory(
            offering=offering,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            is_cancelled=cancelled,
        )
    return offering


def ends_at(offering):
    """The stored end, checked against the rule read afresh from the sessions."""
    stored = Offering.objects.annotate(end=offering_ends_at()).get(pk=offering.pk)
    assert stored.last_session_ends_at == stored.end
    return stored.last_session_ends_at


def test_an_offering_ends_with_its_last_held_session(make_offering):
    offering = schedule(make_offering, (-14, False), (-7, False), (7, True))
    last_held = offering.sessions.filter(is_cancelled=False).order_by("starts_at").last()

    assert ends_at(offering) == last_held.ends_at
    assert has_ended(ends_at(offering), now=timezone.now())


def test_a_wholly_cancelled_schedule_ends_when_it_would_have_ended(make_offering):
    offering = schedule(make_offering, (-7, True), (7, True))

    assert ends_at(offering) == offering.sessions.order_by("-ends_at").first().ends_at
    assert not has_ended(ends_at(offering), now=timezone.now())


def test_an_offering_without_sessions_has_not_ended(make_offering):
    offering = schedule(make_offering)

    assert ends_at(offering) is None
    assert not has_ended(None, now=timezone.now())


@pytest.mark.parametrize(
    ("sessions", "listed"),
    [
        (((-7, False), (7, False)), True),  # running
        (((-7, False), (7, True)), False),  # the only date left is cancelled
        (((-7, False),), False),  # over
        ((), True),  # no dates yet
    ],
)
def test_listings_show_only_offerings_that_have_not_ended(make_offering, sessions, listed):
    offering = schedule(make_offering, *sessions)
    now = timezone.now()

    assert (offering in upcoming_offerings(now=now)) is listed
    assert (offering in upcoming_offerings_for_program(program=offering.program)) is listed
    assert (offering in not_ended(Offering.objects.all(), now=now)) is listed
