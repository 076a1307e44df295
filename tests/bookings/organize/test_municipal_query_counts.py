"""The staff lists cost as many queries with three municipalities (each with its offerings,
bookings and e-mail) as with one: for a superuser, whose lists name each row's municipality,
and for someone administering every municipality's bookings."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, Site

from bookings.models import OutboxMessage
from tests.bookings.organize.conftest import make_booking_administrator, make_course
from tests.factories import HomePageFactory, ProgramIndexPageFactory, ProgramPageFactory

pytestmark = pytest.mark.django_db

SCREENS = {
    "offerings": reverse("bookings_offerings:index"),
    "sessions": reverse("bookings_sessions:index"),
    "bookings": reverse("bookings_bookings:index"),
    "outbox": reverse("bookings_outbox:index"),
    "statistics": reverse("organize:statistics"),
}


def add_municipality(make_offering, name: str, program_index=None) -> Site:
    """A municipality's site (the default one when `program_index` is given) with a course,
    its households, an e-mail about one of them and a login code asked for on its domain."""
    if program_index is None:
        home = HomePageFactory(parent=Page.get_first_root_node(), title=name)
        site = Site.objects.create(hostname=f"{name.lower()}.localhost", root_page=home,
                                   site_name=name)  # fmt: skip
        program_index = ProgramIndexPageFactory(parent=home)
    else:
        site = Site.objects.get(is_default_site=True)

    def in_municipality(**fields):
        return make_offering(program=ProgramPageFactory(parent=program_index), **fields)

    course = make_course(in_municipality, title=f"{name} torsdagar", sessions=3)
    booking = course.bookings.first()
    OutboxMessage.objects.create(kind="booking_confirmed", recipient=booking.email, subject="x",
                                 body_text="x", booking=booking)  # fmt: skip
    OutboxMessage.objects.create(kind=OutboxMessage.ACCOUNT_KIND, recipient=f"bo@{name}.se",
                                 subject="x", body_text="x", site=site)  # fmt: skip
    return site


def queries_of(client, url: str) -> int:
    assert client.get(url).status_code == 200  # warms caches (content types, sites)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["superuser", "administrator of every municipality"])
def test_staff_lists_cost_the_same_with_three_municipalities_as_with_one(
    make_offering, program_index, boss, role
):
    gnesta = add_municipality(make_offering, "Gnesta", program_index)
    staff = boss
    if role != "superuser":
        staff = make_booking_administrator(gnesta, username="samordnare")
    client = Client()
    client.force_login(staff)
    one = {name: queries_of(client, url) for name, url in SCREENS.items()}

    for name in ("Sollentuna", "Trosa"):
        site = add_municipality(make_offering, name)
        if role != "superuser":
            staff.groups.add(make_booking_administrator(site, username=f"{name}-a").groups.get())
    client.force_login(type(staff).objects.get(pk=staff.pk))
    three = {name: queries_of(client, url) for name, url in SCREENS.items()}
    assert three == one
    # The control: the three municipalities' rows are on the lists.
    offerings = client.get(SCREENS["offerings"]).content.decode()
    assert all(f"{name} torsdagar" in offerings for name in ("Gnesta", "Sollentuna", "Trosa"))
