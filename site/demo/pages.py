"""The demo's page tree: home page as the default site's root, program index, standard pages,
program pages, and the snippets they point at."""

from wagtail.models import Page, Site

from parentsite.models import HomePage, StandardPage
from programs.models import Contact, Language, ProgramIndexPage, ProgramPage, Venue

from . import program_texts, site_texts

SITE_NAME = "Gnesta kommun"


def add_live_child(parent: Page, page: Page) -> Page:
    """Add a page below `parent` and publish it with a first revision, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_default_site(home: HomePage) -> None:
    """Serve the home page for every host name (127.0.0.1 and localhost alike).

    One site with `is_default_site` answers requests for any host; the welcome page that
    Wagtail's first migration creates is removed once it is no longer the root.
    """
    site = Site.objects.filter(is_default_site=True).first()
    previous_root = site.root_page if site else None
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "127.0.0.1",
            "port": 8000,
            "root_page": home,
            "site_name": SITE_NAME,
        },
    )
    if (
        previous_root is not None
        and previous_root.specific_class is Page
        and previous_root.depth == 2
        and not previous_root.get_children().exists()
    ):
        previous_root.delete()


def build_site() -> ProgramIndexPage:
    """Home page, program index and the two standard pages; returns the program index."""
    home = add_live_child(Page.get_first_root_node(), HomePage(**site_texts.HOME))
    make_default_site(home)
    index = add_live_child(home, ProgramIndexPage(**site_texts.PROGRAM_INDEX))
    add_live_child(home, StandardPage(**site_texts.PRIVACY))
    add_live_child(home, StandardPage(**site_texts.ACCESSIBILITY))
    return index


def ensure_languages() -> dict[str, Language]:
    return {
        code: Language.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in program_texts.LANGUAGES
    }


def create_snippets(model, data: dict[str, dict]) -> dict:
    return {
        key: model.objects.get_or_create(name=fields["name"], defaults=fields)[0]
        for key, fields in data.items()
    }


def build_programs(index: ProgramIndexPage) -> dict[str, ProgramPage]:
    """The five program pages, by slug, with their venue, contact and languages."""
    languages = ensure_languages()
    venues = create_snippets(Venue, program_texts.VENUES)
    contacts = create_snippets(Contact, program_texts.CONTACTS)
    programs = {}
    for facts in program_texts.PROGRAMS:
        fields = dict(facts)
        language_codes = fields.pop("languages")
        fields["venue"] = venues[fields["venue"]]
        fields["contact"] = contacts[fields["contact"]]
        page = ProgramPage(**fields)
        page.languages = [languages[code] for code in language_codes]
        programs[page.slug] = add_live_child(index, page)
    return programs
