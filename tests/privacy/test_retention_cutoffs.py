"""Where the retention run draws the line: each municipality's own time, the install's default
for a group whose program is in no municipality's pages, the run's `days` when given; always
counted back from the moment the run is for, and the same line for accounts, calendar feeds
and task results as for bookings."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, Site

from bookings.models import Booking, CalendarFeed
from bookings.services import ensure_calendar_feed
from parentsite.municipality import MunicipalitySettings
from parentsite.retention import anonymize_ended_offerings
from tests.factories import (
    BookingFactory,
    HomePageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
    SessionFactory,
    UserFactory,
)
from tests.privacy.conftest import make_parent

pytestmark = pytest.mark.django_db


def ended(make_offering, *, days_ago: float, program=None) -> Booking:
    """A booking of a group whose only session ended `days_ago` days before now."""
    offering = make_offering(sessions=0, **({"program": program} if program else {}))
    ends = timezone.now() - timedelta(days=days_ago)
    SessionFactory(offering=offering, starts_at=ends - timedelta(hours=2), ends_at=ends)
    return BookingFactory(offering=offering, name="Sara Nilsson")


def anonymized(*bookings: Booking) -> list[bool]:
    by_pk = dict(
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).values_list("pk", "anonymized_at")
    )
    return [by_pk[booking.pk] is not None for booking in bookings]


def municipality(name: str, *, days: int) -> Page:
    """A municipality's own site keeping data for `days`; returns a program page in its tree."""
    home = HomePageFactory(parent=Page.get_first_root_node(), title=name)
    site = Site.objects.create(hostname=f"{name.lower()}.localhost", root_page=home)
    MunicipalitySettings.objects.create(site=site, retention_days=days)
    return ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home))


def outside_every_site() -> Page:
    """A program whose pages hang under no site's root (e.g. a tree staff are still building)."""
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Utkast")
    return ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home))


def test_several_municipalities_each_keep_their_own_time(make_offering, program_index, settings):
    """Two municipalities keep data for a year and one for 30 days: a group of each that ended
    100 days ago is kept, however the sites are ordered, while the 30-day one's goes."""
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    MunicipalitySettings.objects.create(
        site=Site.objects.get(is_default_site=True), retention_days=365
    )
    gnesta = ProgramPageFactory(parent=program_index)
    sollentuna = municipality("Sollentuna", days=365)
    trosa = municipality("Trosa", days=30)
    kept = [ended(make_offering, days_ago=100, program=p) for p in (gnesta, sollentuna)]
    gone = ended(make_offering, days_ago=45, program=trosa)

    assert anonymize_ended_offerings().bookings == 1

    assert anonymized(*kept, gone) == [False, False, True]


def test_a_group_in_no_municipalitys_pages_keeps_the_installs_default(
    make_offering, site_pages, settings
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 60
    municipality("Sollentuna", days=365)
    homeless = outside_every_site()
    a_day_short = ended(make_offering, days_ago=59, program=homeless)
    a_day_over = ended(make_offering, days_ago=61, program=homeless)

    assert anonymize_ended_offerings().bookings == 1

    assert anonymized(a_day_short, a_day_over) == [False, True]


@pytest.mark.parametrize("days", [None, 60])
def test_the_line_is_counted_back_from_the_moment_the_run_is_for(
    make_offering, site_pages, settings, days
):
    """A run for a moment 200 days from now (`now`) finds groups that ended ten days ago
    long past their time, in a municipality and outside every one; with `days` too."""
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    in_gnesta = ended(make_offering, days_ago=10)
    homeless = ended(make_offering, days_ago=10, program=outside_every_site())
    recent = ended(make_offering, days_ago=-150)  # 50 days before that moment: not yet

    counts = anonymize_ended_offerings(now=timezone.now() + timedelta(days=200), days=days)

    assert counts.bookings == 2
    assert anonymized(in_gnesta, homeless, recent) == [True, True, False]


def test_the_runs_days_also_decide_for_accounts_feeds_and_task_results(site_pages, settings):
    """The command's --days moves the line for everything the run removes, not only for
    bookings: with 10 days, what has been unused for 20 days goes and what for 5 days stays."""
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    now = timezone.now()
    users = get_user_model().objects
    idle, active = (
        make_parent(name=name, email=f"{name.lower()}@example.org", phone="")
        for name in ("Idle", "Active")
    )
    for parent, days_ago in ((idle, 20), (active, 5)):
        users.filter(pk=parent.user.pk).update(
            last_login=now - timedelta(days=days_ago), date_joined=now - timedelta(days=400)
        )
    old_feed, new_feed = UserFactory(is_staff=True), UserFactory(is_staff=True)
    for user, days_ago in ((old_feed, 20), (new_feed, 5)):
        ensure_calendar_feed(user=user)
        CalendarFeed.objects.filter(user=user).update(created_at=now - timedelta(days=days_ago))
    for days_ago in (20, 5):
        DBTaskResult.objects.create(
            status=TaskResultStatus.SUCCESSFUL,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="bookings.tasks.expire_overdue_offers",
            backend_name="default",
            run_after=now - timedelta(days=days_ago),
            finished_at=now - timedelta(days=days_ago),
        )

    counts = anonymize_ended_offerings(now=now, days=10)

    assert (counts.accounts, counts.calendar_feeds, counts.task_results) == (1, 1, 1)
    left = users.filter(pk__in=[idle.user.pk, active.user.pk]).values_list("pk", flat=True)
    assert list(left) == [active.user.pk]
    assert list(CalendarFeed.objects.values_list("user_id", flat=True)) == [new_feed.pk]
    assert DBTaskResult.objects.get().finished_at == now - timedelta(days=5)


def test_a_shorter_time_than_the_default_is_counted_from_that_moment_too(
    make_offering, site_pages, settings
):
    """Sollentuna keeps data for 30 days, less than the install's 90: run for a moment 200 days
    from now, its group that ends 140 days from now (60 days before that moment) is due, and
    the one that ends 185 days from now (15 days before it) is not."""
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    sollentuna = municipality("Sollentuna", days=30)
    due = ended(make_offering, days_ago=-140, program=sollentuna)
    not_yet = ended(make_offering, days_ago=-185, program=sollentuna)

    assert anonymize_ended_offerings(now=timezone.now() + timedelta(days=200)).bookings == 1

    assert anonymized(due, not_yet) == [True, False]
