"""The demo's two municipalities on one install, each a Wagtail Site with its own host name,
pages, programs, venues, contacts, settings, staff and bookings:

- Gnesta, the default site: http://127.0.0.1:8000/ (and any host no other site claims);
- Sollentuna: http://sollentuna.localhost:8000/ (browsers and curl send every *.localhost
  name to this machine).

Sollentuna's host is not plain `localhost`: Wagtail gives a site every request for its host
name whatever the port, so `localhost` would take the test servers (localhost on a random
port) away from Gnesta.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

from bookings.models import EmailSettings, Offering
from parentsite.models import HomePage
from parentsite.municipality import MunicipalitySettings

from . import program_texts, sollentuna_programs
from .accounts import ORGANIZER, PARENT
from .offerings import build_offerings
from .pages import build_programs, build_site
from .running_groups import build_running_groups
from .site_texts import MunicipalityFacts
from .sollentuna_offerings import build_sollentuna_offerings


def demo_port() -> int:
    """The port the demo runs on (`make run` sets BASE_URL from PORT): its sites' links, in
    pages and e-mails, name it."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return address.port or (443 if address.scheme == "https" else 80)


@dataclass(frozen=True)
class DemoMunicipality:
    short_name: str  # names its staff groups: "Gnesta: redaktörer"
    facts: MunicipalityFacts
    hostname: str
    is_default_site: bool
    sender_name: str
    signature: str
    programs: list[dict]
    venues: dict[str, dict]
    contacts: dict[str, dict]
    populate: Callable[..., None]  # (programs by slug, *, users by key, today): offerings

    def home_exists(self) -> bool:
        return HomePage.objects.filter(slug=self.facts.home_slug, depth=2).exists()

    def site(self) -> Site:
        return Site.objects.select_related("root_page").get(
            root_page__slug=self.facts.home_slug, root_page__depth=2
        )


def populate_gnesta(programs: dict, *, users: dict, today: date) -> None:
    build_offerings(programs, parent_user=users[PARENT.key], today=today)
    organizer = users[ORGANIZER.key]
    build_running_groups(programs, organizer=organizer, today=today)
    # The demo organizer leads the KOMET groups; NPF and ANDT belong to colleagues, so the
    # organizer's admin shows only KOMET bookings (the booking administrator sees all).
    komet = [programs["komet-3-11"], programs["komet-12-18"]]
    for offering in Offering.objects.filter(program__in=komet):
        offering.organizers.add(organizer)


GNESTA = DemoMunicipality(
    short_name="Gnesta",
    facts=MunicipalityFacts(
        name="Gnesta kommun",
        home_slug="gnesta",
        data_controller="Socialnämnden i Gnesta",
        contact_email="foraldrastod@example.org",
        contact_phone="070-174 06 50",
        privacy_contact="dataskyddsombud@example.org",
        accessibility_contact="tillganglighet@example.org",
        retention_days=90,
    ),
    hostname="127.0.0.1",
    is_default_site=True,
    sender_name="Föräldrastöd Gnesta kommun",
    signature="",
    programs=program_texts.PROGRAMS,
    venues=program_texts.VENUES,
    contacts=program_texts.CONTACTS,
    populate=populate_gnesta,
)

SOLLENTUNA = DemoMunicipality(
    short_name="Sollentuna",
    facts=MunicipalityFacts(
        name="Sollentuna kommun",
        home_slug="sollentuna",
        data_controller="Socialnämnden i Sollentuna",
        contact_email="foraldrastod.sollentuna@example.org",
        contact_phone="070-174 06 60",
        privacy_contact="dataskyddsombud.sollentuna@example.org",
        accessibility_contact="tillganglighet.sollentuna@example.org",
        retention_days=180,
    ),
    hostname="sollentuna.localhost",
    is_default_site=False,
    sender_name="Föräldrastöd Sollentuna kommun",
    signature="Vänliga hälsningar\nFöräldrastödet i Sollentuna kommun\n070-174 06 60",
    programs=sollentuna_programs.PROGRAMS,
    venues=sollentuna_programs.VENUES,
    contacts=sollentuna_programs.CONTACTS,
    populate=build_sollentuna_offerings,
)

MUNICIPALITIES = (GNESTA, SOLLENTUNA)


def build_municipality(municipality: DemoMunicipality) -> dict:
    """The municipality's site, pages, settings and program pages (by slug)."""
    facts = municipality.facts
    pages = build_site(
        facts,
        hostname=municipality.hostname,
        port=demo_port(),
        default=municipality.is_default_site,
    )
    MunicipalitySettings.objects.update_or_create(
        site=pages.site,
        defaults={
            "municipality_name": facts.name,
            "data_controller": facts.data_controller,
            "privacy_contact": facts.privacy_contact,
            "accessibility_contact": facts.accessibility_contact,
            "retention_days": facts.retention_days,
            "privacy_page": pages.privacy,
            "accessibility_page": pages.accessibility,
        },
    )
    EmailSettings.objects.update_or_create(
        site=pages.site,
        defaults={
            "sender_name": municipality.sender_name,
            "reply_to": facts.contact_email,
            "signature": municipality.signature,
        },
    )
    return build_programs(
        pages,
        programs=municipality.programs,
        venues=municipality.venues,
        contacts=municipality.contacts,
    )
