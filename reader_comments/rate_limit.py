"""Per-address rate limits for posting comments, counted in the cache.

Every submission counts, accepted or refused, once for the sender's IP
address and once for the email address typed in. The counters live in the
cache under a keyed hash (HMAC with the secret key), so neither address is
readable there, and they expire with the window. With several server
processes the cache must be shared (REDIS_URL) for the limit to hold across
them; the per-process local-memory cache limits each process separately.
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.core.cache import cache

# Kept from the app's former label, so the counters running at an upgrade still count.
KEY_PREFIX = "comments:rate"


def client_ip(request) -> str | None:
    """The sender's IP address; None only when even the connecting address is missing or unreadable.

    Behind a reverse proxy set COMMENTS_CLIENT_IP_HEADER to the request
    header the proxy fills in (e.g. "HTTP_X_REAL_IP" or "HTTP_X_FORWARDED_FOR";
    for the latter the right-most entry, the one our proxy added, is used).
    Otherwise every reader would share the proxy's address and its limit.
    When that header is missing or holds something that is not an address
    (a sender can forge it if the proxy passes it on), the connecting
    address (REMOTE_ADDR) counts instead: a junk header never switches the
    limit off. Admin sign-in throttling reads the address here too.
    """
    header = getattr(settings, "COMMENTS_CLIENT_IP_HEADER", None)
    forwarded = request.META.get(header, "") if header else ""
    return _ip_address(forwarded.split(",")[-1]) or _ip_address(request.META.get("REMOTE_ADDR", ""))


def _ip_address(raw: str) -> str | None:
    """`raw` as an IP address in its standard spelling, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None


def _key(kind: str, value: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{KEY_PREFIX}:{kind}:{digest[:40]}"


def count_submission(kind: str, value: str | None, window_seconds: int) -> int:
    """Count one more submission from this address in the current window; returns the count so far.

    The window starts with the first submission and does not slide: a
    sender over the limit waits at most one window.
    """
    if not value:
        return 0
    key = _key(kind, value.strip().lower())
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        # Expired or evicted between add() and incr(): this is the first of a new window.
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count or 0


def over_limit(ip: str | None, email: str | None, *, limit: int, window_seconds: int) -> bool:
    """Count this submission for both addresses; True when either has sent more than `limit` in the window."""
    by_ip = count_submission("ip", ip, window_seconds)
    by_email = count_submission("email", email, window_seconds)
    return max(by_ip, by_email) > limit
