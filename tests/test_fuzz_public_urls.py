"""Property: no public address answers with a server error, whatever is put in it.

Every URL pattern a visitor can reach (all of them but the Wagtail admin behind its login and
the e-mail provider's webhooks, see `test_unused_provider_webhooks`) is walked from the URL
configuration, so a new page is fuzzed without touching this file. Token and id segments get
real tokens and ids, mangled ones and anything else (tests/fuzzing.py); query strings get the
same. Runs on SQLite and, in CI, on PostgreSQL (which refuses a NUL in any query).
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern
from hypothesis import given, note
from hypothesis import strategies as st

from bookings.models import BookingStatus, CalendarFeed
from tests.factories import (
    BookingFactory,
    OfferedBookingFactory,
    ProgramPageFactory,
    WaitlistedBookingFactory,
)
from tests.fuzzing import (
    QUERY_STRINGS,
    SEGMENTS,
    SENDABLE,
    VALUES,
    assert_no_server_error,
    fuzz,
    rolled_back,
    segment,
)
from tests.site.accounts.conftest import make_parent

PLACEHOLDER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
NOT_FUZZED = ("admin/", "anymail/")  # see the module docstring
METHODS = st.sampled_from(["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"])


def public_routes() -> list[tuple[str, list]]:
    """(name, [pattern of each level]) for every URL pattern a visitor can reach."""

    def walk(patterns, levels):
        for item in patterns:
            if isinstance(item, URLResolver):
                yield from walk(item.url_patterns, [*levels, item.pattern])
            elif isinstance(item, URLPattern):
                yield item.name or "", [*levels, item.pattern]

    routes = []
    for name, levels in walk(get_resolver().url_patterns, []):
        route = "".join(str(level) for level in levels)
        if route.startswith(NOT_FUZZED) and name != "staff_admin_login":
            continue
        routes.append((name, levels))
    return routes


ROUTES = public_routes()


@pytest.fixture
def world(make_offering, program_index):
    """An offering with a booking in every state, a parent with a calendar feed, a page."""
    offering = make_offering(sessions=2, capacity=2)
    parent = make_parent("sara@example.org")
    bookings = [
        BookingFactory(offering=offering, user=parent, email=parent.email),
        WaitlistedBookingFactory(offering=offering),
        OfferedBookingFactory(offering=offering),
        BookingFactory(offering=offering, status=BookingStatus.CANCELLED),
        BookingFactory(offering=offering, status=BookingStatus.EXPIRED),
    ]
    feed = CalendarFeed.objects.create(user=parent)
    tokens = [booking.token for booking in bookings] + [feed.token]
    return {
        "parent": parent,
        "token": tokens,
        "offering_id": [str(offering.pk)],
        "program_id": [str(offering.program_id)],
        "page_path": [offering.program.url, ProgramPageFactory(parent=program_index).url],
    }


def mangled(token: str) -> st.SearchStrategy[str]:
    """A real token with something cut, added or changed."""
    return st.one_of(
        st.integers(0, len(token)).map(lambda end: token[:end]),
        st.tuples(st.integers(0, len(token)), VALUES).map(
            lambda cut: token[: cut[0]] + cut[1] + token[cut[0] :]
        ),
        st.just(token.upper()),
        st.just(token + token),
    )


def placeholder_value(converter, name: str, world: dict) -> st.SearchStrategy[str]:
    known = world.get(name, [])
    choices = [SEGMENTS]
    if known:
        choices.append(st.sampled_from(known))
        choices.append(st.sampled_from(known).flatmap(mangled).map(segment))
    if isinstance(converter, IntConverter):
        choices.append(st.integers(min_value=0, max_value=10**30).map(str))
    return st.one_of(choices)


def path_of(levels: list, world: dict) -> st.SearchStrategy[str]:
    """A path that the route's patterns match (with generated values), or nearly."""
    parts = []
    for level in levels:
        if isinstance(level, RoutePattern):
            route = str(level)
            position = 0
            for placeholder in PLACEHOLDER.finditer(route):
                parts.append(st.just(route[position : placeholder.start()]))
                converter = level.converters[placeholder["name"]]
                parts.append(placeholder_value(converter, placeholder["name"], world))
                position = placeholder.end()
            parts.append(st.just(route[position:]))
        else:
            parts.append(
                st.from_regex(level.regex, fullmatch=True, alphabet=SENDABLE).map(
                    lambda text: re.sub(r"[^/]+", lambda part: segment(part[0]), text)
                )
            )
    return st.tuples(*parts).map(lambda texts: "/" + "".join(texts))


def send(client: Client, method: str, path: str, query: str):
    url = f"{path}?{query}" if query else path
    note(f"{method} {url}")
    if method == "POST":  # the query string's pairs as a posted form
        body = query.encode("ascii")
        return client.generic("POST", path, body, "application/x-www-form-urlencoded")
    return client.generic(method, url)


def client_for(world: dict, logged_in: bool) -> Client:
    client = Client()
    if logged_in:
        client.force_login(world["parent"])
    return client


def test_every_public_pattern_is_fuzzed():
    names = {name for name, _levels in ROUTES}
    expected = {"book", "manage", "cancel", "accept", "decline", "calendar", "parent_feed"}
    expected |= {"program_feed", "search", "index", "profile", "delete_account", "wagtail_serve"}
    expected |= {"account_request_login_code", "account_confirm_login_code"}
    assert expected <= names
    assert not any(name.startswith("wagtailadmin") for name in names - {"wagtailadmin_login"})


@fuzz(max_examples=250)
@given(data=st.data())
def test_no_public_address_gives_a_server_error(world, data):
    name, levels = data.draw(st.sampled_from(ROUTES), label="route")
    path = data.draw(path_of(levels, world), label="path")
    query = data.draw(QUERY_STRINGS, label="query")
    method = data.draw(METHODS, label="method")
    logged_in = data.draw(st.booleans(), label="logged in")
    with rolled_back():
        response = send(client_for(world, logged_in), method, path, query)
    assert_no_server_error(response, f"{name}: {method} {path}?{query}")


SECRET_LINKS = {"manage", "cancel", "accept", "decline", "calendar", "parent_feed"}
SECRET_LINK_ROUTES = [route for route in ROUTES if route[0] in SECRET_LINKS]


@fuzz(max_examples=150)
@given(data=st.data())
def test_no_secret_link_gives_a_server_error(world, data):
    """The booking and calendar links, with many more tries: real, mangled, made-up tokens."""
    name, levels = data.draw(st.sampled_from(SECRET_LINK_ROUTES), label="route")
    path = data.draw(path_of(levels, world), label="path")
    method = data.draw(st.sampled_from(["GET", "POST"]), label="method")
    logged_in = data.draw(st.booleans(), label="logged in")
    with rolled_back():
        response = send(client_for(world, logged_in), method, path, "")
    assert_no_server_error(response, f"{name}: {method} {path}")


@fuzz(max_examples=100)
@given(query=st.one_of(VALUES, st.lists(VALUES, max_size=4).map(" ".join)), page=VALUES)
def test_any_search_is_a_valid_search(world, query, page):
    """Whatever is typed, the search shows results or "nothing matched"."""
    with rolled_back():
        response = Client().get("/sok/", {"q": query, "page": page})
    assert_no_server_error(response, f"search {query!r} page {page!r}")
    assert response.status_code in (200, 400)  # 400: a NUL character (the "could not read" page)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("postmark/tracking/", 400),  # the provider in use: an unreadable body
        ("mailgun/tracking/", 404),  # another provider
        ("amazon_ses/tracking/", 404),
        ("mailgun/inbound/", 404),  # we receive no mail
    ],
)
def test_only_the_providers_bounce_webhook_is_routed(db, path, status):
    """anymail routes every provider's webhooks, and most answer 500 to what they cannot use;
    only the one this install sends through is routed (parentsite.webhooks)."""
    response = Client(raise_request_exception=False).post(
        f"/anymail/{path}", data="not json", content_type="application/json"
    )
    assert response.status_code == status
