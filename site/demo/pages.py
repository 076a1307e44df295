"""A demo municipality's page tree and site: home page as its site's root, program index,
standard pages, program pages, and the venues and contacts they point at."""

from dataclasses import dataclass

from wagtail.models import Page, Site

from parentsite.models import AccessibilityStatementPage, HomePage, StandardPage
from programs.models import Contact, Language, ProgramIndexPage, ProgramPage, Venue

from . import program_texts, site_texts


@dataclass(frozen=True)
class SitePages:
    site: Site
    index: ProgramIndexPage
    privacy: StandardPage
    accessibility: AccessibilityStatementPage


def add_live_child(parent: Page, page: Page) -> Page:
    """Add a page below `parent` and publish it with a first revision, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def is_welcome_page(page: Page) -> bool:
    """The placeholder Wagtail's first migration makes: a plain page with nothing below it."""
    return page.specific_class is Page and page.depth == 2 and not page.get_children().exists()


def make_default_site(home: HomePage, *, name: str, hostname: str, port: int) -> Site:
    """The default site: it answers its own host name and every host no other site claims.

    The welcome page that Wagtail's first migration creates is removed once it is no longer
    the root.
    """
    site = Site.objects.filter(is_default_site=True).first()
    previous_root = site.root_page if site else None
    site, _created = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": hostname, "port": port, "root_page": home, "site_name": name},
    )
    if previous_root is not None and is_welcome_page(previous_root):
        previous_root.delete()
    return site


def make_site(home: HomePage, *, name: str, hostname: str, port: int) -> Site:
    """A site that answers its own host name only."""
    site, _created = Site.objects.update_or_create(
        hostname=hostname,
        port=port,
        defaults={"root_page": home, "site_name": name, "is_default_site": False},
    )
    return site


def build_site(facts: site_texts.MunicipalityFacts, *, hostname: str, port: int, default: bool):
    """The municipality's home page, its site, program index, privacy notice and
    accessibility statement."""
    home = add_live_child(Page.get_first_root_node(), HomePage(**site_texts.home(facts)))
    make = make_default_site if default else make_site
    site = make(home, name=facts.name, hostname=hostname, port=port)
    index = add_live_child(home, ProgramIndexPage(**site_texts.PROGRAM_INDEX))
    privacy = add_live_child(home, StandardPage(**site_texts.privacy(facts)))
    accessibility = add_live_child(
        home, AccessibilityStatementPage(**site_texts.accessibility(facts))
    )
    return SitePages(site=site, index=index, privacy=privacy, accessibility=accessibility)


def ensure_languages() -> dict[str, Language]:
    return {
        code: Language.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in program_texts.LANGUAGES
    }


def create_snippets(model, data: dict[str, dict], *, site: Site) -> dict:
    """The municipality's venues or contacts, by key."""
    return {
        key: model.objects.get_or_create(site=site, name=fields["name"], defaults=fields)[0]
        for key, fields in data.items()
    }


def build_programs(pages: SitePages, *, programs, venues, contacts) -> dict[str, ProgramPage]:
    """The municipality's program pages, by slug, with their venue, contact and languages."""
    languages = ensure_languages()
    venues = create_snippets(Venue, venues, site=pages.site)
    contacts = create_snippets(Contact, contacts, site=pages.site)
    built = {}
    for facts in programs:
        fields = dict(facts)
        language_codes = fields.pop("languages")
        fields["venue"] = venues[fields["venue"]]
        fields["contact"] = contacts[fields["contact"]]
        page = ProgramPage(**fields)
        page.languages = [languages[code] for code in language_codes]
        built[page.slug] = add_live_child(pages.index, page)
    return built
