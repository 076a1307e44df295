"""Wagtail's pages served in the visitor's language, Swedish where no translation exists yet.

Wagtail routes /en/... through the English copy of the site's home page; a page that has not
been translated is not in that tree. Here such a path is routed through the Swedish tree
instead, so /en/program/komet/ shows KOMET's Swedish text with the English interface and a
note (templates/components/untranslated_note.html) rather than a 404.
"""

from django.http import Http404
from django.urls import re_path
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.urls import serve_pattern
from wagtail.urls import urlpatterns as wagtail_patterns


def route_in_original(request, path_info: str):
    """The route of `path_info` through the site's Swedish page tree, or None."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path_info.split("/") if component]
    try:
        return site.root_page.specific.route(request, components)
    except Http404:
        return None


def serve(request, path_info):
    if Page.route_for_request(request, path_info) is None:
        request._wagtail_route_for_request = route_in_original(request, path_info)
    return wagtail_views.serve(request, path_info)


localized_wagtail_urls = [
    *(pattern for pattern in wagtail_patterns if pattern.name != "wagtail_serve"),
    re_path(serve_pattern, serve, name="wagtail_serve"),
]
