"""Rate limits for our own forms, counted in Django's cache per client IP address and per user.

allauth limits logins and code requests itself (ACCOUNT_RATE_LIMITS); this does the same for
forms of ours, e.g. booking posts (settings.BOOKING_RATE_LIMITS = {"ip": "30/10m", "user":
"10/10m"}: at most 30 posts from one address and 10 from one logged-in parent per 10 minutes).
The client's address comes from allauth (ALLAUTH_TRUSTED_PROXY_COUNT), so both agree on who
the client is. Cache keys hold a keyed hash, never the address or user id itself.
"""

import ipaddress
import logging
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
logger = logging.getLogger(__name__)


def parse_rate(rate: str) -> tuple[int, int]:
    """"30/10m" -> (30, 600): an amount per period (s, m, h or d, with an optional number)."""
    amount, period = rate.split("/")
    count = period[:-1] or "1"
    return int(amount), int(count) * UNITS[period[-1]]


def client_ip(request: HttpRequest) -> str:
    """The client's address as allauth sees it; IPv6 by its /64 network (one household)."""
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        address = request.META.get("REMOTE_ADDR", "")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def _hit(key: str, amount: int, period: int) -> bool:
    """Count one hit in the current window; True while the window holds at most `amount`."""
    window = int(time.time() // period)
    key = f"rl:{key}:{period}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the window just expired between add() and incr()
        cache.set(key, 1, timeout=period + 1)
        count = 1
    return count <= amount


def consume(request: HttpRequest, *, action: str, limits: dict[str, str]) -> bool:
    """Count this request against `limits` ({"ip": rate, "user": rate}); False when over one.

    Every limit counts the request, so a client over one limit still uses up the others. A
    cache that is down limits nothing: a booking must never fail because of the counter.
    """
    allowed = True
    for scope, rate in limits.items():
        if scope == "ip":
            who = client_ip(request)
        elif scope == "user":
            if not request.user.is_authenticated:
                continue
            who = str(request.user.pk)
        else:
            raise ValueError(f"unknown rate limit scope {scope!r}")
        digest = salted_hmac("bookings.ratelimits", f"{action}:{scope}:{who}").hexdigest()
        amount, period = parse_rate(rate)
        try:
            allowed = _hit(digest[:32], amount, period) and allowed
        except Exception:  # the cache server is unreachable, say
            logger.warning("Rate limit %s not counted: the cache failed", action, exc_info=True)
    return allowed
