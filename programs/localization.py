"""Pages in several languages: the Swedish page is the original, translations are its copies.

Staff translate a page with Wagtail's own copy for translation (simple_translation): the copy
has the same `translation_key` in another locale. What is booked belongs to the program, not to
one language's page: offerings point at the Swedish original, so every translation of a program
shows the same offerings and seats (`original`). A visitor reading in another language follows
links that keep their language: a page with a live translation in it links to that translation;
a page without one is served in Swedish under the visitor's language prefix, with a note
(`VisitorLanguageUrlMixin`, parentsite.page_serving).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page


def page_language(page: Page, request=None) -> str:
    """The language `page` is written in, from Wagtail's cached site roots (no query)."""
    for root in page._get_relevant_site_root_paths(request):
        return root.language_code
    return page.locale.language_code


def original(page: Page) -> Page:
    """The page in the default language (Swedish) that `page` translates, or `page` itself."""
    if page_language(page) == settings.LANGUAGE_CODE:
        return page
    source = (
        page.__class__.objects.filter(
            translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE
        )
        .select_related("locale")
        .first()
    )
    return source or page


def translations_by_key(pages: list[Page], language: str) -> dict:
    """Live translations of `pages` into `language`, by translation key: one query."""
    if language == settings.LANGUAGE_CODE or not pages:
        return {}
    model = pages[0].__class__
    found = model.objects.live().filter(
        translation_key__in=[page.translation_key for page in pages],
        locale__language_code=language,
    )
    return {page.translation_key: page for page in found.select_related("locale")}


def under_language_prefix(path: str, language: str) -> str:
    """The Swedish page at `path` (its Swedish address) as served under `language`'s prefix."""
    with translation.override(settings.LANGUAGE_CODE):
        own_prefix = reverse("wagtail_serve", args=("",))
    with translation.override(language):
        prefix = reverse("wagtail_serve", args=("",))
    return prefix + path[len(own_prefix) :] if path.startswith(own_prefix) else path


def swedish_url(page: Page, request=None) -> str:
    """`page`'s own address in Swedish, whatever language is active."""
    with translation.override(settings.LANGUAGE_CODE):
        return page.get_url(request) or "/"


def is_content_language(language: str) -> bool:
    return language in dict(settings.WAGTAIL_CONTENT_LANGUAGES)


class VisitorLanguageUrlMixin:
    """A page's URL keeps the visitor's language when the page has no translation into it.

    Wagtail links a Swedish page to the Swedish root even for a visitor reading English; here
    the link stays under /en/, where the page is served in Swedish with a note, so a visitor
    never falls out of their language by following a link.
    """

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        active = translation.get_language()
        own = page_language(self, request)
        if parts is None or own != settings.LANGUAGE_CODE or active == own:
            return parts  # a translation has its own address
        if not is_content_language(active):
            return parts
        site_id, root_url, page_path = parts
        return site_id, root_url, under_language_prefix(page_path, active)


def ensure_locales(*, plan=None, **_kwargs) -> None:
    """A Wagtail locale for each configured content language (after every migrate).

    `flush` sends post_migrate too, without a plan: it empties the database on purpose (the
    test suite's transactional tests), and locales made then, with new ids, would clash with
    the migrated rows a test puts back (`serialized_rollback`). The next migrate adds them.
    """
    if plan is None:
        return
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
