"""No parent reaches another parent's booking by changing an id or a token in an address.

How access works, decided and tested here:
- A booking's manage link (/bokning/<token>/...) is a bearer capability by design: it is
  e-mailed to the household so they can cancel or answer an offer without an account. Whoever
  holds the link may use it, logged in or not, and being logged in as someone else adds nothing.
  The defence is that the link cannot be guessed: 256 random bits from `secrets`, and any other
  string (random, shortened, another case, empty, too long) finds nothing: 404, no change.
- The private calendar feed works the same way; a parent can replace its link at any time.
- My pages (/mina-sidor/...) take no id and no token at all: they show the logged-in account's
  own rows, so there is nothing in the address to change.
- Tokens are looked up by equality on a unique (indexed) column in the database, never compared
  in Python. That is constant-time enough: the database compares the guess with keys of a
  B-tree index (whichever neighbours it lands between), not character by character with the
  target's secret, so timing tells an attacker nothing about how much of a 43-character guess
  was right, through network and database jitter many orders of magnitude larger than a
  memcmp. Django's own session keys are looked up the same way. A test below fails if someone
  starts comparing tokens in Python (they must use hmac.compare_digest then).
"""

import base64
import re
import secrets
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from bookings.models import Booking, BookingStatus, CalendarFeed
from bookings.models.booking import new_token
from tests.factories import BookingFactory, OfferedBookingFactory
from tests.site.accounts.conftest import logged_in

ROOT = Path(__file__).resolve().parents[3]
TOKEN_URLS = ["manage", "cancel", "decline", "calendar"]  # GET; "accept" is POST only
CHANGING_URLS = ["cancel", "decline", "accept"]


@pytest.fixture
def saras(parent, make_offering):
    """Sara's confirmed booking and her offered seat, with details that must never leak."""
    confirmed = BookingFactory(
        offering=make_offering(),
        user=parent,
        email=parent.email,
        name="Sara Nilsson",
        phone="070-765 43 21",
    )
    offered = OfferedBookingFactory(
        offering=make_offering(),
        user=parent,
        email=parent.email,
        name="Sara Nilsson",
        phone="070-765 43 21",
    )
    return confirmed, offered


def wrong_tokens(token: str) -> list[str]:
    return [
        new_token(),
        secrets.token_urlsafe(32),
        token[:-1],
        token[:20],
        token[1:],
        token.swapcase(),
        token.upper(),
        token.lower(),
        token + "A",
        token + token,  # longer than the column
        "0",
        "null",
        "%25",
        "..",
    ]


def status_of(booking) -> str:
    return Booking.objects.values_list("status", flat=True).get(pk=booking.pk)


@pytest.mark.parametrize("name", TOKEN_URLS)
def test_a_wrong_token_finds_nothing(client, saras, name):
    confirmed, _offered = saras
    for token in wrong_tokens(confirmed.token):
        response = client.get(reverse(f"bookings:{name}", args=[token]))
        assert response.status_code == 404, (name, token)
        assert b"Sara" not in response.content


@pytest.mark.parametrize("name", [*(f"bookings:{name}" for name in TOKEN_URLS), "parent_feed"])
def test_an_empty_or_blank_token_finds_nothing(client, saras, parent_client, name):
    confirmed, _offered = saras
    parent_client.get(reverse("mypages:index"))  # Sara's calendar feed exists too
    token = confirmed.token if name.startswith("bookings:") else CalendarFeed.objects.get().token
    real = reverse(name, args=[token])
    assert resolve(real).view_name == name  # the control: with its token it is that view
    # A blank token is a real address of the view, and finds nothing.
    blank = reverse(name, args=[" "])
    assert resolve(blank).view_name == name
    assert client.get(blank).status_code == 404
    # Without a token the address is not the view's at all: it falls through to the page tree,
    # which has no such page.
    empty = real.replace(token, "")
    assert view_name_of(empty) != name
    response = client.get(empty)
    assert response.status_code == 404
    assert b"Sara" not in response.content


@pytest.mark.parametrize("name", CHANGING_URLS)
def test_a_wrong_token_changes_nothing(other_client, saras, name):
    _confirmed, offered = saras
    for token in wrong_tokens(offered.token):
        response = other_client.post(reverse(f"bookings:{name}", args=[token]))
        assert response.status_code == 404, (name, token)
    assert status_of(offered) == BookingStatus.OFFERED


def test_the_manage_link_is_a_capability_and_logging_in_adds_nothing(client, other_client, saras):
    confirmed, offered = saras
    # Whoever holds the e-mailed link may use it, with or without an account (by design) ...
    assert client.get(reverse("bookings:manage", args=[confirmed.token])).status_code == 200
    page = other_client.get(reverse("bookings:manage", args=[confirmed.token])).content.decode()
    # ... but it shows that one booking only, and no way to the owner's other bookings.
    assert reverse("mypages:index") not in re.findall(r"<main\b.*</main>", page, re.S)[0]
    assert offered.token not in page


def test_my_pages_never_show_another_parents_bookings(other_client, other_parent, saras):
    confirmed, offered = saras
    for name in ("mypages:index", "mypages:my_data", "mypages:my_data_download"):
        content = other_client.get(reverse(name)).content.decode()
        for secret in (confirmed.token, offered.token, "Sara", "070-765 43 21", "sara@"):
            assert secret not in content, (name, secret)
        assert confirmed.offering.program.title not in content


def test_my_pages_take_no_id_or_token_from_the_address():
    for pattern in _patterns_under("mypages"):
        assert pattern.pattern.converters == {}, str(pattern.pattern)


def test_a_calendar_feed_shows_only_its_owners_bookings(client, other_client, saras):
    confirmed, _offered = saras
    other_client.get(reverse("mypages:index"))
    omars = CalendarFeed.objects.get(user__username="omar").token
    response = client.get(reverse("parent_feed", args=[omars]))
    assert response.status_code == 200
    assert confirmed.offering.program.title.encode() not in response.content
    assert confirmed.token.encode() not in response.content
    for token in wrong_tokens(omars):
        assert client.get(reverse("parent_feed", args=[token])).status_code == 404


def test_renewing_the_feed_renews_only_ones_own(parent_client, other_client, parent):
    parent_client.get(reverse("mypages:index"))
    saras_feed = CalendarFeed.objects.get(user=parent).token
    assert other_client.post(reverse("mypages:renew_feed")).status_code == 302
    assert CalendarFeed.objects.get(user=parent).token == saras_feed


def test_renewing_a_feed_needs_an_account(client, db):
    response = client.post(reverse("mypages:renew_feed"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_request_login_code"))
    assert not CalendarFeed.objects.exists()


def test_tokens_are_256_random_bits(saras, parent_client, parent):
    parent_client.get(reverse("mypages:index"))
    tokens = [new_token() for _ in range(300)]
    tokens += [booking.token for booking in saras]
    tokens.append(CalendarFeed.objects.get(user=parent).token)
    bits = ""
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token), token
        raw = base64.urlsafe_b64decode(token + "=")
        assert len(raw) == 32
        bits += "".join(f"{byte:08b}" for byte in raw)
    assert len(set(tokens)) == len(tokens)
    ones = bits.count("1") / len(bits)
    assert 0.48 < ones < 0.52  # ~78 000 bits: a fair coin lands here unless something is broken


def test_token_columns_are_unique_and_looked_up_by_equality(saras):
    confirmed, _offered = saras
    assert Booking._meta.get_field("token").unique
    assert CalendarFeed._meta.get_field("token").unique
    from bookings.selectors import booking_by_token

    with CaptureQueriesContext(connection) as queries:
        assert booking_by_token(token=confirmed.token).pk == confirmed.pk
    lookup = queries.captured_queries[0]["sql"]
    assert re.search(r'"bookings_booking"\."token" = ', lookup)
    assert booking_by_token(token="x" * 65) is None


def test_no_token_is_compared_in_python():
    """Token checks happen in the database (see the module docstring); a comparison in Python
    must use hmac.compare_digest, which this test then accepts."""
    offending = []
    for folder in ("bookings", "site", "programs"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r"token\w*\s*[!=]=|[!=]=\s*[\w.]*token\b", line):
                    offending.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offending == []


def view_name_of(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _patterns_under(namespace: str) -> list[URLPattern]:
    def walk(patterns, inside):
        for item in patterns:
            if isinstance(item, URLResolver):
                yield from walk(item.url_patterns, inside or item.namespace == namespace)
            elif inside:
                yield item

    return list(walk(get_resolver().url_patterns, False))


@pytest.mark.parametrize("namespace", ["bookings", "mypages"])
def test_addresses_carry_tokens_and_ids_only_never_personal_data(namespace):
    allowed = {"token", "offering_id", "program_id"}
    patterns = _patterns_under(namespace)
    assert patterns
    for pattern in patterns:
        assert set(pattern.pattern.converters) <= allowed, str(pattern.pattern)
        route = str(pattern.pattern)
        assert not re.search(r"email|e-post|name|namn|phone|telefon", route), route


def test_page_titles_and_links_hold_no_personal_data(parent_client, parent, saras, make_offering):
    confirmed, offered = saras
    pages = [
        reverse("bookings:manage", args=[confirmed.token]),
        reverse("bookings:manage", args=[offered.token]),
        reverse("bookings:cancel", args=[confirmed.token]),
        reverse("bookings:decline", args=[offered.token]),
        reverse("bookings:book", args=[make_offering().pk]),
        reverse("mypages:index"),
        reverse("mypages:profile"),
        reverse("mypages:my_data"),
        reverse("account_email"),
        reverse("account_set_password"),
        reverse("account_logout"),
        reverse("mypages:delete_account"),
    ]
    personal = ["Sara", "Nilsson", "sara@example.org", "070-765 43 21", "0707654321"]
    for url in pages:
        response = parent_client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert not [word for word in personal if word in title], (url, title)
        links = re.findall(r'(?:href|action|src)="([^"]*)"', page)
        leaked = [link for link in links if not link.startswith("mailto:")]
        assert not [link for link in leaked for word in personal if word in link], url


def test_an_offer_cannot_be_accepted_by_get(client, saras):
    _confirmed, offered = saras
    assert client.get(reverse("bookings:accept", args=[offered.token])).status_code == 405
    assert status_of(offered) == BookingStatus.OFFERED
    assert offered.offer_expires_at > timezone.now()


def test_logged_in_as_another_parent_gives_no_extra_way_in(other_parent, saras):
    """Omar's session never opens Sara's booking without her token: her booking's id in place
    of the token finds nothing, and My pages ignore ids in the address."""
    confirmed, offered = saras
    client = logged_in(other_parent)
    for name in TOKEN_URLS:
        url = reverse(f"bookings:{name}", args=[str(confirmed.pk)])
        assert resolve(url).view_name == f"bookings:{name}"
        assert client.get(url).status_code == 404, name
    for name in CHANGING_URLS:
        url = reverse(f"bookings:{name}", args=[str(offered.pk)])
        assert resolve(url).view_name == f"bookings:{name}"
        assert client.post(url).status_code == 404, name
    assert status_of(offered) == BookingStatus.OFFERED
    for pattern in _patterns_under("mypages"):
        name = f"mypages:{pattern.name}"
        url = reverse(name)
        assert resolve(url).view_name == name
        ids = {"id": confirmed.pk, "booking": confirmed.pk, "pk": offered.pk}
        if name == "mypages:renew_feed":  # POST only: renews Omar's own feed
            response = client.post(url, ids)
            assert response.status_code == 302
        elif name == "mypages:withdraw_interest":  # POST only: Omar's own registrations only
            response = client.post(url, {**ids, "registration": confirmed.pk})
            assert response.status_code == 404
        else:
            response = client.get(url, ids)
            assert response.status_code == 200, name
        content = b"".join(getattr(response, "streaming_content", [response.content])).decode()
        for secret in (confirmed.token, offered.token, "Sara", "070-765 43 21"):
            assert secret not in content, (name, secret)
