"""Site-wide views: search."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page, Site


def search(request):
    """Full-text search over live pages of the current site."""
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    site = Site.find_for_request(request)
    if query and site is not None:
        results = Page.objects.live().in_site(site).specific().search(query)
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return render(request, "search.html", {"query": query, "results": page})
