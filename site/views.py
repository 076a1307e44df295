"""Site-wide views: search."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page, Site


def search_terms(query: str) -> str:
    """The words of `query` to hand to the search backend: double quotes become spaces.

    Wagtail's database backend on SQLite puts each word inside an FTS5 string without escaping
    a double quote in it, so `barn"s` was a syntax error there; the index splits words at a
    quote anyway, so the same pages are found. Every other character is safe on both databases
    (tests/test_fuzz_public_urls.py throws arbitrary text at the search); a NUL, which ends the
    FTS5 string too, never gets here (`RejectNulCharacterMiddleware`).
    """
    return " ".join(query.replace('"', " ").split())


def search(request):
    """Full-text search over live pages of the current site."""
    query = request.GET.get("q", "").strip()[:200]
    terms = search_terms(query)
    results = Page.objects.none()
    site = Site.find_for_request(request)
    if terms and site is not None:
        results = Page.objects.live().in_site(site).specific().search(terms)
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return render(request, "search.html", {"query": query, "results": page})
