"""Wagtail's site history report (and its filters and export) shows staff only the log
entries of offerings they may see, and of venues and contacts of their own municipality; a
superuser sees every municipality's."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from wagtail.log_actions import log

from bookings.audit import log_staff_action
from bookings.models import BookingStatus
from tests.bookings.organize.conftest import make_booking_administrator, make_organizer
from tests.factories import UserFactory, VenueFactory

pytestmark = pytest.mark.django_db

REPORT = reverse("wagtailadmin_reports:site_history")


@pytest.fixture
def logged(courses):
    """Staff actions on both municipalities' offerings, bookings and sessions, each by its
    own municipality's administrator, and an edit of each one's venue."""
    gnesta, other = courses
    labels = {}
    for course, site in ((gnesta, "Gnesta"), (other, "Sollentuna")):
        actor = UserFactory(username=f"aktör-{site.lower()}", first_name=f"Aktör{site}")
        booking = course.bookings.filter(status=BookingStatus.CONFIRMED)[0]
        session = course.sessions.order_by("starts_at")[0]
        log_staff_action(instance=course, action="bookings.capacity", user=actor)
        log_staff_action(instance=booking, action="bookings.staff_cancel", user=actor)
        log_staff_action(instance=session, action="bookings.session_moved", user=actor)
        venue = VenueFactory(name=f"Lokal i {site}", site=course.program.get_site())
        log(instance=venue, action="wagtail.edit", user=actor)
        labels[site] = [str(course), str(booking), str(session), venue.name, actor.first_name]
    return labels


def report_of(user) -> str:
    client = Client()
    client.force_login(user)
    pages = [client.get(REPORT), client.get(REPORT + "?export=csv")]
    assert [page.status_code for page in pages] == [200, 200]
    return pages[0].content.decode() + b"".join(pages[1].streaming_content).decode()


def test_a_municipalitys_administrator_sees_only_its_own_entries(logged, courses):
    admin = make_booking_administrator(username="gnesta-admin")
    admin.groups.get().permissions.add(*venue_permissions())
    text = report_of(admin)
    assert all(label in text for label in logged["Gnesta"][:4])
    assert not [label for label in logged["Sollentuna"] if label in text]


def test_an_organizer_sees_only_the_entries_of_their_offering(logged, courses):
    gnesta, other = courses
    text = report_of(make_organizer(gnesta))
    assert all(label in text for label in logged["Gnesta"][:3])
    assert not [label for label in logged["Sollentuna"] if label in text]


def test_a_superuser_sees_every_municipalitys_entries(logged, boss):
    text = report_of(boss)
    assert all(label in text for labels in logged.values() for label in labels)


def venue_permissions():
    return Permission.objects.filter(content_type__app_label="programs", codename__endswith="venue")
