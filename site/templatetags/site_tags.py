"""Template tags for the public site: navigation, course schedules and contact links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time

from django import template
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from parentsite.models import AccessibilityStatementPage, StandardPage
from parentsite.municipality import MunicipalitySettings
from programs.localization import page_language
from programs.selectors import filter_programs, program_index_for_site

register = template.Library()

# The footer links to the privacy and accessibility pages each municipality chooses in its
# settings; a site that has not chosen one gets its page with the conventional slug, if any
# (for accessibility: its accessibility statement page first).
PRIVACY_SLUG = "personuppgifter"
ACCESSIBILITY_SLUG = "tillganglighet"

# "Thursdays" in a course summary: Monday is 0, as in datetime.weekday().
WEEKDAYS_PLURAL = (
    _("Mondays"),
    _("Tuesdays"),
    _("Wednesdays"),
    _("Thursdays"),
    _("Fridays"),
    _("Saturdays"),
    _("Sundays"),
)


@dataclass(frozen=True)
class NavLink:
    title: str
    url: str
    language: str  # of the page linked to, to mark its title when the visitor reads another


@dataclass(frozen=True)
class SiteNav:
    home_url: str = "/"
    site_name: str = ""
    programs: NavLink | None = None
    privacy: NavLink | None = None
    accessibility: NavLink | None = None


def _link(page, request) -> NavLink | None:
    if page is None:
        return None
    url = page.get_url(request)
    return NavLink(page.title, url, page_language(page, request)) if url else None


def _build_nav(request) -> SiteNav:
    site = Site.find_for_request(request)
    if site is None:
        return SiteNav()
    home = site.root_page
    footer_pages: dict = {}
    candidates = (
        StandardPage.objects.live()
        .descendant_of(home)
        .filter(slug__in=(PRIVACY_SLUG, ACCESSIBILITY_SLUG))
        .order_by("depth", "path")
    )
    for page in candidates:  # the shallowest page wins when a slug occurs twice
        footer_pages.setdefault(page.slug, page)
    chosen = (
        MunicipalitySettings.objects.filter(site=site)
        .select_related("privacy_page", "accessibility_page")
        .first()
    ) or MunicipalitySettings(site=site)  # read once; a GET never writes a settings row
    return SiteNav(
        home_url=home.get_url(request) or "/",
        site_name=site.site_name,
        programs=_link(program_index_for_site(home, request), request),
        privacy=_link(_live(chosen.privacy_page) or footer_pages.get(PRIVACY_SLUG), request),
        accessibility=_link(
            _live(chosen.accessibility_page)
            or _statement_of(home)
            or footer_pages.get(ACCESSIBILITY_SLUG),
            request,
        ),
    )


def _statement_of(home):
    """The site's live accessibility statement page, if it has one."""
    return AccessibilityStatementPage.objects.live().descendant_of(home).order_by("path").first()


def _live(page):
    return page if page is not None and page.live else None


@register.simple_tag(takes_context=True)
def site_nav(context) -> SiteNav:
    """Links the header and footer show; looked up once per request."""
    request = context.get("request")
    if request is None:
        return SiteNav()
    if not hasattr(request, "_site_nav"):
        request._site_nav = _build_nav(request)
    return request._site_nav


@register.simple_tag
def programs_with_dates(index_page, limit: int = 6) -> list:
    """Up to `limit` programs of an index that have an upcoming session, soonest first."""
    if index_page is None:
        return []
    programs = filter_programs(index_page=index_page, shown_in=translation.get_language())
    dated = [program for program in programs if program.next_session_at]
    return sorted(dated, key=lambda program: program.next_session_at)[:limit]


@dataclass
class Schedule:
    """A human summary of an offering's sessions: counts, weekday, times, first/last, place."""

    sessions: list = field(default_factory=list)
    live: list = field(default_factory=list)
    weekday: str = ""
    starts: time | None = None
    ends: time | None = None
    venue: object | None = None
    several_venues: bool = False

    @property
    def count(self) -> int:
        return len(self.live)

    @property
    def first(self) -> datetime | None:
        return self.live[0].starts_at if self.live else None

    @property
    def last(self) -> datetime | None:
        return self.live[-1].starts_at if self.live else None

    @property
    def spans_years(self) -> bool:
        return bool(self.live) and (
            timezone.localtime(self.first).year != timezone.localtime(self.last).year
        )

    @property
    def has_cancelled(self) -> bool:
        return len(self.sessions) != len(self.live)


@register.simple_tag
def offering_schedule(offering) -> Schedule:
    """Summarise the prefetched sessions of an offering (no queries)."""
    sessions = sorted(offering.sessions.all(), key=lambda session: session.starts_at)
    live = [session for session in sessions if not session.is_cancelled]
    schedule = Schedule(sessions=sessions, live=live)
    if not live:
        return schedule
    starts = [timezone.localtime(session.starts_at) for session in live]
    ends = [timezone.localtime(session.ends_at) for session in live]
    if len(live) > 1 and len({start.weekday() for start in starts}) == 1:
        schedule.weekday = WEEKDAYS_PLURAL[starts[0].weekday()]
    if len({(start.time(), end.time()) for start, end in zip(starts, ends, strict=True)}) == 1:
        schedule.starts, schedule.ends = starts[0].time(), ends[0].time()
    venues = {session.effective_venue for session in live}
    if len(venues) == 1:
        schedule.venue = venues.pop()
    else:
        schedule.several_venues = True
    return schedule


@register.filter
def tel_href(phone: str) -> str:
    """A `tel:` link target from a phone number as people write it ("0158-27 50 00")."""
    return "tel:" + re.sub(r"[^\d+]", "", phone or "")
