"""What `history.py` adds to a demo database, with Django set up: the history (through
`_history_rows`), an evening to post bookings to, a program with many upcoming dates, the
statistics of the years over (as the periodic job stores them), and the statistics PostgreSQL
plans with."""

from __future__ import annotations

from datetime import timedelta
from itertools import cycle

from _bench_names import BOOKING_EVENING, MANY_SLUG, booking_parent_email
from _history_rows import Counts, load_history
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale

from bookings.models import Booking, BookingStatus, CapacityUnit, Offering, Session
from parentsite.demo.accounts import ORGANIZER
from parentsite.demo.schedule import at
from programs.models import ProgramKind, ProgramPage

# Start times of the many single dates (Stockholm), so the day and time filters have work.
MANY_TIMES = ((9, 30), (13, 0), (18, 0), (10, 0), (17, 30))


def add_history(*, bookings: int, years: int) -> Counts:
    from bookings.services.anonymization import anonymized_name

    programs = {
        page.slug: (page.pk, page.venue_id) for page in ProgramPage.objects.all().only("venue")
    }
    organizer = get_user_model().objects.get(email=ORGANIZER.email)
    types = ContentType.objects.get_for_models(Offering, Booking)
    connection.ensure_connection()
    with transaction.atomic():
        return load_history(
            connection.connection,
            bookings=bookings,
            years=years,
            programs=programs,
            organizer_id=organizer.pk,
            content_types={"offering": types[Offering].pk, "booking": types[Booking].pk},
            anonymized_name=anonymized_name(),
        )


def add_booking_evening(*, parents: int) -> None:
    """An evening two months away with room for everyone, and `parents` accounts with a
    verified address that each post one booking to it in `pages.py`."""
    program = ProgramPage.objects.get(slug="foraldrakvall-andt")
    evening = Offering.objects.create(
        program=program,
        venue_id=program.venue_id,
        title=BOOKING_EVENING,
        capacity=1_000_000,
        capacity_unit=CapacityUnit.PERSONS,
    )
    starts = timezone.now().replace(hour=17, minute=0, second=0, microsecond=0)
    starts += timedelta(days=60)
    Session.objects.create(offering=evening, starts_at=starts, ends_at=starts + timedelta(hours=2))
    users = get_user_model().objects
    for number in range(parents):
        email = booking_parent_email(number)
        user = users.create_user(username=f"bench-parent-{number}", email=email)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)


def add_many_offerings(count: int) -> ProgramPage:
    """A meetup program with `count` upcoming single dates over two years, on every weekday
    but Sunday and at five times of day; every fourth is full, the rest have a few seats
    taken."""
    # The default site's program index (the one the demo's KOMET 3–11 is listed in).
    # The demo translates its programs: the Swedish page (the default locale) is the one.
    komet = ProgramPage.objects.get(slug="komet-3-11", locale=Locale.get_default())
    index = komet.get_parent().specific
    program = ProgramPage(
        title="Öppna träffar för föräldrar",
        slug=MANY_SLUG,
        kind=ProgramKind.MEETUP,
        audience="Föräldrar med barn 0–6 år",
        child_age_min=0,
        child_age_max=6,
        intro="Drop-in-träffar med andra föräldrar, varje vardag och lördag.",
    )
    index.add_child(instance=program)
    program.save_revision().publish()
    today = timezone.localdate()
    times = cycle(MANY_TIMES)
    offerings = []
    for number in range(count):
        day = today + timedelta(days=2 + number * 730 // count)
        if day.weekday() == 6:
            day += timedelta(days=1)
        hour, minute = next(times)
        starts = at(day, hour, minute)
        offering = Offering.objects.create(
            program=program,
            title=f"Träff {day:%Y-%m-%d} {hour:02d}:{minute:02d}",
            capacity=12,
            capacity_unit=CapacityUnit.PERSONS,
        )
        Session.objects.create(
            offering=offering, starts_at=starts, ends_at=starts + timedelta(hours=1, minutes=30)
        )
        offerings.append(offering)
    Booking.objects.bulk_create(
        Booking(
            offering=offering,
            email=f"many{number}-{seat}@example.org",
            name=f"Förälder {number}-{seat}",
            persons=1,
            status=BookingStatus.CONFIRMED,
        )
        for number, offering in enumerate(offerings)
        for seat in range(12 if number % 4 == 0 else number % 4)
    )
    return program


def refresh_offering_dates() -> None:
    """Store each offering's first start and end where the code keeps them (code from before
    they were stored has nothing to refresh)."""
    try:
        from bookings.services.schedule import refresh_offering_dates as refresh
    except ImportError:
        return
    refresh()


def count_statistics_years() -> int:
    """What the periodic job does: store the statistics of the years over (code from before
    they were stored has nothing to store)."""
    try:
        from bookings.organize.statistics_tallies import count_settled_years
    except ImportError:
        return 0
    return len(count_settled_years())


def vacuum_analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
