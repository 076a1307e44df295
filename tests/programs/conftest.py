"""Fixtures for the public program pages: English pages and listings of any size."""

from datetime import timedelta

import pytest
from django.utils import timezone

from programs.models import ProgramPage
from tests.conftest import read_in
from tests.factories import (
    BookingFactory,
    LanguageFactory,
    OfferingFactory,
    ProgramPageFactory,
    SessionFactory,
)


@pytest.fixture
def en_client(client):
    """A visitor reading English: every address under /en/ (pages default to Swedish)."""
    read_in(client, "en")
    return client


@pytest.fixture
def languages(db):
    return {
        "sv": LanguageFactory(code="sv", name="Svenska"),
        "ar": LanguageFactory(code="ar", name="Arabiska"),
        "so": LanguageFactory(code="so", name="Somaliska"),
    }


@pytest.fixture
def make_offering_with(program_index):
    """An offering of `program` with `sessions` weekly sessions and `bookings` confirmed ones."""

    def build(program, *, sessions: int = 3, bookings: int = 0, start_in_days: int = 14, **kw):
        offering = OfferingFactory(program=program, **kw)
        first = timezone.now().replace(microsecond=0) + timedelta(days=start_in_days)
        for week in range(sessions):
            starts = first + timedelta(weeks=week)
            SessionFactory(offering=offering, starts_at=starts, ends_at=starts + timedelta(hours=2))
        for _ in range(bookings):
            BookingFactory(offering=offering)
        return offering

    return build


@pytest.fixture
def populate(program_index, languages, make_offering_with):
    """`programs` programs with `offerings` offerings each, with sessions and bookings."""

    def build(*, programs: int, offerings: int):
        pages = []
        start = ProgramPage.objects.count()
        for number in range(start, start + programs):
            page = ProgramPageFactory(parent=program_index, title=f"Program {number:02d}")
            page.languages.set([languages["sv"], languages["ar"]])
            page.save()
            for round_ in range(offerings):
                make_offering_with(page, sessions=3, bookings=2, start_in_days=7 + round_ * 30)
            pages.append(page)
        return pages

    return build
