"""Loads the demo once: a second run finds the demo home page and changes nothing."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from bookings.models import Booking, EmailSettings, Offering, OutboxMessage
from parentsite.models import HomePage
from programs.models import ProgramPage

from .accounts import ORGANIZER, PARENT, ensure_accounts
from .offerings import build_offerings
from .pages import build_programs, build_site
from .running_groups import build_running_groups
from .site_texts import HOME


class DemoError(Exception):
    """The database holds a site that is not the demo; refuse to mix the two."""


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    programs: int
    offerings: int
    bookings: int


def demo_exists() -> bool:
    return HomePage.objects.filter(slug=HOME["slug"], depth=2).exists()


def load_demo(*, today: date | None = None) -> DemoSummary:
    """Create the demo site, programs, offerings, bookings and logins, all or nothing."""
    today = today or timezone.localdate()
    with transaction.atomic():
        users = ensure_accounts()
        created = not demo_exists()
        if created:
            if HomePage.objects.exists():
                raise DemoError("This database already has a site of its own; not loading demo.")
            index = build_site()
            EmailSettings.objects.update_or_create(
                site=Site.objects.get(is_default_site=True),
                defaults={
                    "sender_name": "Föräldrastöd Gnesta kommun",
                    "reply_to": "foraldrastod@example.org",
                },
            )
            programs = build_programs(index)
            build_offerings(programs, parent_user=users[PARENT.role], today=today)
            organizer = users[ORGANIZER.role]
            build_running_groups(programs, organizer=organizer, today=today)
            # The demo organizer leads the KOMET groups; NPF and ANDT belong to colleagues,
            # so the organizer's admin shows only KOMET bookings (the administrator sees all).
            for offering in Offering.objects.filter(program__slug__startswith="komet"):
                offering.organizers.add(organizer)
            # The demo households are made up: nobody is waiting for their confirmations.
            OutboxMessage.objects.all().delete()
    return DemoSummary(
        created=created,
        programs=ProgramPage.objects.count(),
        offerings=Offering.objects.count(),
        bookings=Booking.objects.count(),
    )
