"""Two municipalities on one install: a booking administrator of one sees every offering of
their own and nothing of the other's, on every organizer screen, listing, export, print,
statistic, the outbox and the dashboard; a superuser sees both, each row naming its
municipality."""

import pytest
from django.urls import URLPattern, URLResolver, resolve, reverse
from wagtail.models import Site

from bookings.models import Attendance, Booking, BookingStatus, Offering, OutboxMessage
from bookings.organize import urls as organize_urls
from tests.bookings.organize.conftest import make_booking_administrator
from tests.bookings.organize.test_permissions import (
    DENIED,
    body,
    course_urls,
    listing_urls,
    secrets_of,
)

pytestmark = pytest.mark.django_db

# Organizer URLs that show no single offering: checked as listings.
NOT_OF_ONE_OFFERING = {"statistics", "statistics_export", "statistics_demand_export"}


@pytest.fixture
def gnesta_admin_client(client, courses):
    client.force_login(make_booking_administrator(username="gnesta-admin"))
    return client


def organize_url_names() -> set[str]:
    names = set()
    for pattern in organize_urls.urlpatterns:
        assert isinstance(pattern, URLPattern | URLResolver)
        names.add(pattern.name)
    return names


def test_every_organizer_url_of_one_offering_is_probed(courses):
    """A new organizer screen must be added to `course_urls` (or to the POST probes below),
    so that the checks of this module and of test_permissions cover it."""
    gnesta, _other = courses
    probed = {
        resolve(url.split("?")[0]).url_name
        for url in course_urls(gnesta).values()
        if url.startswith("/admin/organize/")
    }
    probed |= {"raise_priority", "offer_seat", "give_seat"}  # POST-only, probed in posts
    missing = organize_url_names() - NOT_OF_ONE_OFFERING - probed
    assert missing == set(), missing


def test_another_municipalitys_offering_is_not_there(gnesta_admin_client, courses):
    gnesta, other = courses
    secrets = secrets_of(other)
    for name, url in course_urls(other).items():
        response = gnesta_admin_client.get(url)
        assert response.status_code in DENIED, (name, response.status_code)
        assert not any(secret in body(response) for secret in secrets), name
    for name, url in listing_urls(other).items():
        text = body(gnesta_admin_client.get(url))
        assert not any(secret in text for secret in secrets), name
        assert other.title not in text, name
    statistics = body(gnesta_admin_client.get(listing_urls(other)["statistics"]))
    assert other.program.title not in statistics


def test_the_same_screens_show_the_own_municipalitys_offering(gnesta_admin_client, courses):
    """The control: the administrator of Gnesta sees Gnesta's course on those screens."""
    gnesta, _other = courses
    name = gnesta.bookings.filter(status=BookingStatus.CONFIRMED).order_by("name")[0].name
    urls = course_urls(gnesta)
    for screen in ("offering", "attendance", "print_list", "export_participants", "print_pdf"):
        response = gnesta_admin_client.get(urls[screen])
        assert response.status_code == 200, screen
        assert name in body(response), screen
    listings = listing_urls(gnesta)
    for screen in ("offerings", "sessions", "bookings"):
        assert gnesta.title in body(gnesta_admin_client.get(listings[screen])), screen
    assert gnesta.program.title in body(gnesta_admin_client.get(listings["statistics"]))
    outbox = body(gnesta_admin_client.get(listings["outbox"]))
    assert gnesta.bookings.first().email in outbox


def test_another_municipalitys_offering_cannot_be_changed(gnesta_admin_client, courses):
    _gnesta, other = courses
    before = list(Booking.objects.order_by("pk").values_list("pk", "status"))
    session = other.sessions.order_by("starts_at")[0]
    booking = other.bookings.filter(status=BookingStatus.CONFIRMED)[0]
    posts = {
        "add_booking": ([other.pk], {"name": "X", "persons": "1", "language": "sv"}),
        "cancel_booking": ([other.pk, booking.pk], {"reason": "x"}),
        "capacity": ([other.pk], {"capacity": "60"}),
        "cancel_session": ([other.pk, session.pk], {}),
        "message": ([other.pk], {"subject": "x", "body": "x"}),
        "session_attendance": ([other.pk, session.pk], {f"mark-{booking.pk}": "absent"}),
    }
    outbox = OutboxMessage.objects.count()
    for name, (args, data) in posts.items():
        response = gnesta_admin_client.post(reverse(f"organize:{name}", args=args), data)
        assert response.status_code in DENIED, name
    assert list(Booking.objects.order_by("pk").values_list("pk", "status")) == before
    assert not Attendance.objects.filter(mark="absent").exists()
    assert OutboxMessage.objects.count() == outbox
    session.refresh_from_db()
    assert not session.is_cancelled


def test_an_offering_is_made_only_under_the_own_municipalitys_programs(
    gnesta_admin_client, courses
):
    gnesta, other = courses
    count = Offering.objects.count()

    def add(program_id):
        return gnesta_admin_client.post(reverse("bookings_offerings:add"), {
            "program": program_id,
            "title": "Smygen",
            "capacity": "6",
            "capacity_unit": "households",
            "max_persons_per_booking": "2",
            "waitlist_policy": "auto",
            "offer_hours": "48",
            "reminder_hours": "24",
            "status": "published",
        })  # fmt: skip

    response = add(other.program_id)
    assert response.status_code == 200  # the form again, with an error on the program
    assert Offering.objects.count() == count
    assert add(gnesta.program_id).status_code == 302  # the control: its own program is fine
    assert Offering.objects.get(title="Smygen").program_id == gnesta.program_id


@pytest.mark.parametrize("listing", ["offerings", "sessions", "bookings"])
def test_a_superuser_sees_both_each_row_naming_its_municipality(admin_client, courses, listing):
    from bs4 import BeautifulSoup

    gnesta, other = courses
    html = BeautifulSoup(
        admin_client.get(reverse(f"bookings_{listing}:index")).content, "html.parser"
    )
    headers = [th.get_text(" ", strip=True) for th in html.select("table thead th")]
    column = next(n for n, header in enumerate(headers) if header == "Kommun")
    named = {
        row.select("td, th")[column].get_text(strip=True) for row in html.select("table tbody tr")
    }
    assert named == {"Gnesta", "Sollentuna"}


def test_one_municipalitys_administrator_gets_no_municipality_column(gnesta_admin_client, courses):
    html = gnesta_admin_client.get(reverse("bookings_offerings:index")).content.decode()
    assert "Kommun" not in html


def test_a_superuser_links_a_staff_group_to_a_municipality(admin_client, courses):
    from django.contrib.auth.models import Group
    from django.test import Client

    gnesta, other = courses
    client = Client()
    staff = make_booking_administrator(username="flyttar")
    group = staff.groups.get()
    group.site_link.delete()  # a group of no municipality: its members administer nothing
    client.force_login(staff)
    assert other.title not in body(client.get(reverse("bookings_offerings:index")))

    sollentuna = Site.objects.get(site_name="Sollentuna")
    url = reverse("bookings_site_groups:add")
    response = admin_client.post(url, {"group": group.pk, "site": sollentuna.pk})
    assert response.status_code == 302
    staff = type(staff).objects.get(pk=staff.pk)  # a new request, a fresh user
    client.force_login(staff)
    listing = body(client.get(reverse("bookings_offerings:index")))
    assert other.title in listing and gnesta.title not in listing

    # Only superusers decide who works for which municipality.
    assert client.get(url).status_code in DENIED
    assert Group.objects.get(pk=group.pk).site_link.site == sollentuna
