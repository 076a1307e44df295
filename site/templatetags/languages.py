"""The page in every language: the language switch, hreflang alternates and `lang` marks."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail.models import Page

from programs.localization import page_language, swedish_url, under_language_prefix

register = template.Library()


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str  # in the language itself
    url: str  # absolute
    current: bool
    bidi: bool


def _page_urls(request, page: Page) -> dict[str, str]:
    """The URL of `page` in each language: its live translation's, else the Swedish original
    served under that language's prefix. One query."""
    versions = {
        version.locale.language_code: version
        for version in Page.objects.live()
        .filter(translation_key=page.translation_key)
        .select_related("locale")
    }
    source_url = swedish_url(versions.get(settings.LANGUAGE_CODE, page), request)
    urls = {}
    for code, _name in settings.LANGUAGES:
        if code in versions:
            with translation.override(code):
                urls[code] = versions[code].get_url(request) or "/"
        else:  # the original, under the language's prefix
            urls[code] = under_language_prefix(source_url, code)
    return urls


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[LanguageVersion]:
    """This page in each of the site's languages, in the switch's order (once per request)."""
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "_language_versions"):
        page = context.get("page")
        current = translation.get_language()
        if isinstance(page, Page) and page.pk:
            urls = _page_urls(request, page)
        else:
            path = request.get_full_path()
            urls = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
        request._language_versions = [
            LanguageVersion(
                code=code,
                name=name,
                url=request.build_absolute_uri(urls[code]),
                current=code == current,
                bidi=translation.get_language_info(code)["bidi"],
            )
            for code, name in settings.LANGUAGES
        ]
    return request._language_versions


@register.filter
def content_lang(content) -> SafeString:
    """` lang="sv"` on content written in another language than the visitor's (WCAG 3.1.2):
    a page, or a link that names the language of its page (`language`)."""
    if isinstance(content, Page):
        language = page_language(content)
    else:
        language = getattr(content, "language", settings.LANGUAGE_CODE)
    return _marked_as(language)


@register.simple_tag(takes_context=True)
def shown_untranslated(context) -> bool:
    """Whether the page being served is in another language than the visitor reads."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return False
    return page_language(page, context.get("request")) != translation.get_language()


@register.simple_tag
def staff_text_lang() -> SafeString:
    """` lang="sv"` on text staff type in Swedish (offering titles, venue names) when the visitor
    reads another language."""
    return _marked_as(settings.LANGUAGE_CODE)


def _marked_as(language: str) -> SafeString:
    """` lang=".."` (and its direction, on a page of the other direction) for text in `language`,
    nothing when it is the visitor's own."""
    current = translation.get_language()
    if language == current:
        return SafeString("")
    bidi = translation.get_language_info(language)["bidi"]
    if bidi == translation.get_language_info(current)["bidi"]:
        return format_html(' lang="{}"', language)
    return format_html(' lang="{}" dir="{}"', language, "rtl" if bidi else "ltr")


@register.simple_tag
def language_name(language) -> str:
    """A program language's name in the visitor's language (Django's names of languages, ours
    for those Django lacks), else the name staff typed, marked as Swedish."""
    try:
        name = translation.get_language_info(language.code)["name_translated"]
    except KeyError:
        return format_html("<span{}>{}</span>", _marked_as(settings.LANGUAGE_CODE), language.name)
    return name[:1].upper() + name[1:]


@register.simple_tag(takes_context=True)
def visitor_pageurl(context, page) -> str:
    """`{% pageurl %}` for any page object (also Wagtail's plain Page, as ancestors come) that
    keeps the visitor's language: a Swedish original without a translation is linked under the
    visitor's prefix, like VisitorLanguageUrlMixin does for our page types. No query."""
    request = context.get("request")
    if page_language(page, request) != settings.LANGUAGE_CODE:
        return page.get_url(request) or ""
    return under_language_prefix(swedish_url(page, request), translation.get_language())
