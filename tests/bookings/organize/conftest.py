"""Fixtures for the organizer screens: a KOMET-like course, its organizer and an outsider."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import Page, Site

from bookings.models import AccessNeed, Attendance, BookingStatus, OutboxMessage, SiteGroup
from parentsite.demo.accounts import admin_access_permission, ensure_organizers_group
from tests.factories import (
    BookingFactory,
    HomePageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
    SessionFactory,
    UserFactory,
    WaitlistedBookingFactory,
)


def make_course(
    make_offering,
    *,
    households: int = 6,
    sessions: int = 11,
    waiting: int = 2,
    weeks_ago: int = 3,
    title: str = "Torsdagar 18:00",
):
    """A weekly course that started `weeks_ago` weeks ago, with households and a waitlist."""
    offering = make_offering(sessions=0, capacity=households, title=title)
    first = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)
    first -= timedelta(weeks=weeks_ago)
    for week in range(sessions):
        starts = first + timedelta(weeks=week)
        SessionFactory(offering=offering, starts_at=starts, ends_at=starts + timedelta(hours=2.5))
    for n in range(households):
        BookingFactory(
            offering=offering,
            name=f"Åsa Öberg {n:03d}",
            phone=f"070-000 {n:04d}",
            persons=1 + n % 2,
            interpreter_language="ar" if n == 0 else "",
            needs_childcare=n == 1,
            access_needs=[AccessNeed.STEP_FREE] if n == 2 else [],
            status=BookingStatus.CONFIRMED,
        )
    for n in range(waiting):
        WaitlistedBookingFactory(offering=offering, name=f"Väntande {n}")
    return offering


@pytest.fixture
def course(make_offering):
    """Six households on an 11-session course (three sessions held), two on the waitlist."""
    return make_course(make_offering)


@pytest.fixture
def other_course(make_offering):
    """Another organizer's course; its households must never show up for `organizer`."""
    return make_course(make_offering, title="Måndagar 17:30", households=3, waiting=1)


def make_organizer(*offerings, username: str = "ledare"):
    user = UserFactory(username=username, first_name="Kim", last_name="Ledare")
    user.groups.add(ensure_organizers_group())
    for offering in offerings:
        offering.organizers.add(user)
    return user


@pytest.fixture
def organizer(course):
    """A group leader assigned to `course` only."""
    return make_organizer(course)


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


@pytest.fixture
def outsider_client(client, other_course):
    """Logged in as the organizer of `other_course` (not of `course`)."""
    client.force_login(make_organizer(other_course, username="annan"))
    return client


@pytest.fixture
def boss_client(client, db):
    """A superuser: sees every offering."""
    client.force_login(UserFactory(username="chef", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def boss(db):
    """A superuser (the test settings do not ask staff for a second factor)."""
    return UserFactory(username="boss", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(client, boss):
    client.force_login(boss)
    return client


def make_booking_administrator(site: Site | None = None, *, username: str = "samordnare"):
    """A booking administrator of `site` (default: the default site): a member of a group that
    may manage every offering and works for that site."""
    site = site or Site.objects.get(is_default_site=True)
    group = Group.objects.create(name=f"Bokningsadministratörer {site.pk} {username}")
    manage_all = Permission.objects.get(
        content_type__app_label="bookings", codename="manage_all_offerings"
    )
    booking_models = Permission.objects.filter(
        content_type__app_label="bookings",
        content_type__model__in=["offering", "session", "booking", "attendance", "outboxmessage"],
    )
    group.permissions.add(admin_access_permission(), manage_all, *booking_models)
    SiteGroup.objects.create(group=group, site=site)
    user = UserFactory(username=username)
    user.groups.add(group)
    return user


@pytest.fixture
def sollentuna(site_pages):
    """A second municipality: its own site, home page and program index."""
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Sollentuna")
    Site.objects.create(hostname="sollentuna.localhost", port=80, root_page=home,
                        site_name="Sollentuna")  # fmt: skip
    return ProgramIndexPageFactory(parent=home)


@pytest.fixture
def courses(make_offering, sollentuna):
    """(Gnesta's course, Sollentuna's course), each with households, marks and an e-mail."""
    gnesta = make_course(make_offering, title="Gnesta torsdagar")

    def in_sollentuna(**fields):
        return make_offering(program=ProgramPageFactory(parent=sollentuna), **fields)

    other = make_course(in_sollentuna, title="Sollentuna måndagar")
    for course in (gnesta, other):
        session = course.sessions.order_by("starts_at")[0]
        for booking in course.bookings.filter(status=BookingStatus.CONFIRMED):
            Attendance.objects.create(booking=booking, session=session, mark="present")
        booking = course.bookings.first()
        OutboxMessage.objects.create(
            kind="booking_confirmed", recipient=booking.email, subject="x", body_text="x",
            booking=booking,
        )  # fmt: skip
    return gnesta, other
