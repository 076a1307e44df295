"""Each municipality keeps personal data for its own time (within the install's floor and
ceiling): the retention run anonymizes one municipality's ended groups and not yet another's."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page, Site

from bookings.models import Booking
from parentsite.municipality import MunicipalitySettings, validate_retention_days
from parentsite.retention import anonymize_ended_offerings
from tests.factories import (
    BookingFactory,
    HomePageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sollentuna_index(site_pages):
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Sollentuna")
    site = Site.objects.create(
        hostname="sollentuna.localhost", port=80, root_page=home, site_name="Sollentuna"
    )
    MunicipalitySettings.objects.create(site=site, retention_days=30)
    return ProgramIndexPageFactory(parent=home)


def ended_booking(make_offering, *, days_ago: int, **fields):
    offering = make_offering(sessions=0, **fields)
    ends = timezone.now() - timedelta(days=days_ago)
    SessionFactory(offering=offering, starts_at=ends - timedelta(hours=2), ends_at=ends)
    return BookingFactory(offering=offering, name="Sara Nilsson")


def test_each_municipality_keeps_data_for_its_own_time(make_offering, sollentuna_index, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    sollentuna_program = ProgramPageFactory(parent=sollentuna_index)
    in_sollentuna = ended_booking(make_offering, days_ago=45, program=sollentuna_program)
    in_gnesta = ended_booking(make_offering, days_ago=45)  # the default site: 90 days
    gnesta_old = ended_booking(make_offering, days_ago=91)

    counts = anonymize_ended_offerings()

    assert counts.bookings == 2
    names = dict(Booking.objects.values_list("pk", "name"))
    assert names[in_gnesta.pk] == "Sara Nilsson"
    assert names[in_sollentuna.pk] != "Sara Nilsson"
    assert names[gnesta_old.pk] != "Sara Nilsson"
    assert anonymize_ended_offerings().bookings == 0  # a second run changes nothing


def test_a_retention_time_outside_the_installs_range_is_refused(settings):
    settings.PERSONAL_DATA_RETENTION_MIN_DAYS = 30
    settings.PERSONAL_DATA_RETENTION_MAX_DAYS = 730
    for days in (29, 731):
        with pytest.raises(ValidationError):
            validate_retention_days(days)
    for days in (30, 730):
        validate_retention_days(days)


def test_the_footer_links_the_pages_the_municipality_chose(client, site_pages):
    from tests.factories import StandardPageFactory

    home, _index = site_pages
    chosen = StandardPageFactory(parent=home, slug="integritet", title="Så hanterar vi data")
    conventional = StandardPageFactory(parent=home, slug="personuppgifter", title="Gammal")
    html = client.get("/").content.decode()
    assert conventional.url in html  # nothing chosen: the page with the conventional slug

    MunicipalitySettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"privacy_page": chosen}
    )
    html = client.get("/").content.decode()
    assert chosen.url in html and "Så hanterar vi data" in html
    assert conventional.url not in html
