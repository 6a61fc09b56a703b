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

from django.conf import settings
from django.core.cache import cache

# Kept from the app's former label, so the counters running at an upgrade still count.
KEY_PREFIX = "comments:rate"


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
