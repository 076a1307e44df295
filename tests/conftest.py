"""Shared fixtures."""

import pytest
from django.db import connection

from tests.factories import OfferingFactory, SessionFactory, make_site


@pytest.fixture
def site_pages(db):
    """(home page, program index page) as the default site."""
    return make_site()


@pytest.fixture
def program_index(site_pages):
    return site_pages[1]


@pytest.fixture
def make_offering(program_index):
    """Build a published offering under the site's program index, with upcoming sessions."""
    from tests.factories import ProgramPageFactory

    def build(*, sessions: int = 1, program=None, **fields):
        program = program or ProgramPageFactory(parent=program_index)
        offering = OfferingFactory(program=program, **fields)
        for _ in range(sessions):
            SessionFactory(offering=offering)
        return offering

    return build


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need real row locks; they are skipped on SQLite."""
    if connection.vendor != "postgresql" and "sqlite" in connection.settings_dict["ENGINE"]:
        skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def fresh_vobject_time_zones():
    """vobject remembers every VTIMEZONE it parsed by TZID, process-wide, and reuses the first
    one for later files. Each test must read a file's own VTIMEZONE, so forget them."""
    import vobject.icalendar

    vars(vobject.icalendar)["__tzidMap"].clear()
    yield
