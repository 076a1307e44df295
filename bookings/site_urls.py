"""Where a program's municipality lives on the web: the root URL of the Wagtail Site whose page
tree holds the page. Links in e-mails and the host in calendar UIDs use it, so a Sollentuna
booking's messages point at Sollentuna's domain. Read from Wagtail's cached site root paths:
no query per call."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def site_root_for(page):
    """The root of the site whose page tree holds `page` (Wagtail's SiteRootPath: site_id,
    root_path, root_url), or None for a page in no site."""
    for root in Site.get_site_root_paths():  # the most specific root first
        if page.url_path.startswith(root.root_path):
            return root
    return None


def root_url_for(page) -> str:
    """The root URL (scheme, host, port; no trailing slash) of the site holding `page`, or the
    install's BASE_URL for a page in no site."""
    root = site_root_for(page)
    if root is not None:
        return root.root_url.rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def host_for(page) -> str:
    """The host name of the site holding `page` (for calendar UIDs)."""
    return urlsplit(root_url_for(page)).hostname or "localhost"
