"""The admin's "Bookings" list names each household and how to reach it, so staff can see who
was offered a freed seat, and by when to answer, for the offerings they organize only."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from bookings.models import BookingStatus, UndeliverableAddress
from bookings.organize.labels import moment_label
from bookings.services import cancel_booking
from tests.bookings.organize.conftest import make_organizer
from tests.factories import WaitlistedBookingFactory

pytestmark = pytest.mark.django_db


def rows(client, query: str = "") -> dict[str, dict[str, str]]:
    """Household name -> {column heading: cell text}."""
    response = client.get(reverse("bookings_bookings:index") + query)
    assert response.status_code == 200
    table = BeautifulSoup(response.content.decode(), "html.parser").select_one("table.listing")
    if table is None:  # nothing listed
        return {}
    headings = [" ".join(th.get_text(" ").split()) for th in table.select("thead th")]
    found = {}
    for row in table.select("tbody tr"):
        cells = [" ".join(cell.get_text(" ").split()) for cell in row.select("td, th")]
        cells = dict(zip(headings, cells, strict=False))
        found[cells["Household"]] = cells
    return found


def in_english(user):
    """The admin in English for `user`, so that the tests read its words."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def english(organizer):
    in_english(organizer)


def test_staff_see_who_was_offered_the_freed_seat(organizer_client, english, course):
    """The course is full; a seat frees up and the first household in line is offered it."""
    course.waitlist_policy = "offer"
    course.offer_hours = 48
    course.save()
    seated = course.bookings.filter(status=BookingStatus.CONFIRMED).order_by("name").first()
    first_in_line = WaitlistedBookingFactory(
        offering=course, name="Först i kön", email="forst@example.org", phone="070-111 22 33"
    )
    course.bookings.filter(name__startswith="Väntande").update(waitlist_priority=-1)
    cancel_booking(booking_id=seated.pk)
    first_in_line.refresh_from_db()
    assert first_in_line.status == BookingStatus.OFFERED

    offered = rows(organizer_client, "?status=offered")
    assert list(offered) == ["Först i kön"]
    row = offered["Först i kön"]
    assert "forst@example.org" in row["Contact"] and "070-111 22 33" in row["Contact"]
    with translation.override("en"):
        assert row["Answer by"] == moment_label(first_in_line.offer_expires_at)

    everyone = rows(organizer_client, f"?offering={course.pk}")
    assert seated.name in everyone and everyone[seated.name]["Status"] == "Cancelled"
    assert everyone[seated.name]["Answer by"] == ""


def test_an_address_mail_cannot_reach_says_to_call(organizer_client, english, course):
    booking = course.bookings.filter(status=BookingStatus.CONFIRMED).first()
    UndeliverableAddress.objects.create(email=booking.email.upper(), reason="bounced")
    contact = rows(organizer_client)[booking.name]["Contact"]
    assert booking.phone in contact and "Undeliverable: call instead" in contact


def test_only_the_offerings_one_organizes(client, course, other_course):
    client.force_login(in_english(make_organizer(other_course, username="annan")))
    listed = rows(client)
    assert {row["Offering"] for row in listed.values()} == {str(other_course)}
    contacts = " ".join(row["Contact"] for row in listed.values())
    assert all(b.email in contacts for b in other_course.bookings.all())
    assert not any(b.email in contacts for b in course.bookings.all())


def test_filtering_by_someone_elses_offering_lists_no_one(client, course, other_course):
    client.force_login(in_english(make_organizer(other_course, username="annan")))
    assert rows(client, f"?offering={course.pk}") == {}
    assert len(rows(client, f"?offering={other_course.pk}")) == other_course.bookings.count()
