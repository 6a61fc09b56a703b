"""Whole-page caching for anonymous readers, with purging by path.

Pages opt in by calling `mark_cacheable(response)` (Wagtail pages do so in
`CacheablePageMixin.serve`); the middleware stores those responses and
answers later anonymous requests for the same address from the cache
without touching the database.

Each path has a version number in the cache. A cached response is stored
under its path's current version, so `purge_paths(["/world-news/"])` makes
every variant of that path (`?page=2`, ...) stale at once by bumping the
version, without having to know which variants were cached.

A site-wide generation number sits beside the per-path versions:
`purge_everything()` bumps it when something every page shows changes
(the publication's name, donation call, comment rules).

Requests that carry a session cookie (editors, reviewers) and requests
other than GET/HEAD always reach the view, so the admin, previews and forms
never see a cached page.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control
from django.utils.encoding import iri_to_uri

logger = logging.getLogger("masthead.page_cache")

KEY_PREFIX = "page"


def page_cache_seconds() -> int:
    """How long a page stays in our cache; also the CDN's s-maxage. Purges act sooner. 0 turns caching off."""
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def browser_cache_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_BROWSER_SECONDS", 60)


def mark_cacheable(response):
    """Let the page cache and shared caches (CDN) keep this response for anonymous readers."""
    response.masthead_cacheable = True
    return response


def digest(text):
    """A cache key part for any text: short and free of spaces and control characters whatever it holds."""
    return hashlib.sha256(iri_to_uri(text).encode()).hexdigest()[:32]


def bump(key):
    """Add one to the counter at `key` (a version or generation number), starting it at 1."""
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)


def _version_key(host, path):
    return f"{KEY_PREFIX}:v:{digest(host + path)}"


GENERATION_KEY = f"{KEY_PREFIX}:generation"


def _content_key(host, path, query, version):
    return f"{KEY_PREFIX}:c:{digest(host + path)}:{version}:{digest(query)}"


def _path_version(host, path):
    """The path's version joined with the site-wide generation, read in one cache round trip."""
    version_key = _version_key(host, path)
    found = cache.get_many([version_key, GENERATION_KEY])
    return f"{found.get(GENERATION_KEY, 0)}.{found.get(version_key, 0)}"


def now_and_on_commit(invalidate, using=None):
    """Run `invalidate` (dropping something cached) now, and again when the current transaction commits.

    Now, so that later reads in the same transaction, and this request, see
    the change; on commit, so that what another connection read in between,
    from the database as it was before the commit, is not kept as if it were
    new. Outside a transaction the change is already committed: once is enough.
    """
    invalidate()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(invalidate, using=using)


def _bump_all(keys):
    for key in keys:
        bump(key)


def purge_everything():
    """Make every cached page stale at once (for changes that show on every page)."""
    now_and_on_commit(lambda: bump(GENERATION_KEY))
    logger.debug("purged every cached page")


def purge_paths(paths, hosts=None):
    """Make every cached variant of these paths stale (for every known host), now and on commit."""
    hosts = hosts or cache.get(f"{KEY_PREFIX}:hosts") or []
    keys = [_version_key(host, path) for host in hosts for path in set(paths)]
    if keys:
        now_and_on_commit(lambda: _bump_all(keys))
    logger.debug("purged %s on %s", sorted(set(paths)), hosts)


def _remember_host(host):
    hosts = cache.get(f"{KEY_PREFIX}:hosts") or []
    if host not in hosts:
        cache.set(f"{KEY_PREFIX}:hosts", [*hosts, host][-20:], timeout=None)


def _is_anonymous_request(request):
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


class PageCacheMiddleware:
    """Serve and store anonymous page views; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if page_cache_seconds() <= 0 or not _is_anonymous_request(request):
            return self.get_response(request)
        host = request.get_host()
        path = request.path
        query = request.META.get("QUERY_STRING", "")
        key = _content_key(host, path, query, _path_version(host, path))
        cached = cache.get(key)
        if cached is not None:
            response = cached
            response["X-Page-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if (
            getattr(response, "masthead_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            patch_cache_control(
                response,
                public=True,
                max_age=browser_cache_seconds(),
                s_maxage=page_cache_seconds(),
            )
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
            _remember_host(host)
            cache.set(key, response, page_cache_seconds())
            response["X-Page-Cache"] = "miss"
        return response


class CacheablePageMixin:
    """Wagtail pages whose anonymous views may be cached whole."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not getattr(request, "is_preview", False):
            mark_cacheable(response)
        return response
