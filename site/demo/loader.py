"""Loads the demo: each municipality whose home page is missing is built; a second run finds
them all and changes nothing but the port its sites name, which follows the one it runs on."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from bookings.models import Booking, Offering, OutboxMessage
from programs.models import ProgramPage

from .accounts import ensure_accounts
from .municipalities import MUNICIPALITIES, build_municipality, demo_port
from .pages import is_welcome_page
from .staff import ensure_staff_groups
from .translations import translate_pages


class DemoError(Exception):
    """The database holds a site that is not the demo; refuse to mix the two."""


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    municipalities: int
    programs: int
    offerings: int
    bookings: int


def foreign_site_roots() -> list[Page]:
    """Top-level pages that are neither a demo municipality's home nor Wagtail's untouched
    welcome page: another site's content."""
    demo_homes = [municipality.facts.home_slug for municipality in MUNICIPALITIES]
    roots = Page.objects.filter(depth=2).exclude(slug__in=demo_homes)
    return [page for page in roots if not is_welcome_page(page)]


def load_demo(*, today: date | None = None) -> DemoSummary:
    """Create the missing demo municipalities (sites, pages, settings, programs, offerings,
    bookings), their staff groups and the demo logins, all or nothing."""
    today = today or timezone.localdate()
    with transaction.atomic():
        missing = [place for place in MUNICIPALITIES if not place.home_exists()]
        if missing and foreign_site_roots():
            raise DemoError("This database already has a site of its own; not loading demo.")
        last_message = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
        programs = {place.short_name: build_municipality(place) for place in missing}
        for municipality in MUNICIPALITIES:
            ensure_staff_groups(municipality=municipality.short_name, site=municipality.site())
        users = ensure_accounts()
        for municipality in missing:
            municipality.populate(programs[municipality.short_name], users=users, today=today)
            if municipality.is_default_site:  # Gnesta: KOMET 3–11 in Arabic and English
                translate_pages(programs[municipality.short_name]["komet-3-11"])
        # The demo households are made up: nobody is waiting for their messages.
        OutboxMessage.objects.filter(pk__gt=last_message or 0).delete()
        port = demo_port()
        for municipality in MUNICIPALITIES:
            site = municipality.site()
            if site.port != port:
                site.port = port
                site.save()  # (clears Wagtail's cache of site roots)
    return DemoSummary(
        created=bool(missing),
        municipalities=len(MUNICIPALITIES),
        programs=ProgramPage.objects.count(),
        offerings=Offering.objects.count(),
        bookings=Booking.objects.count(),
    )
