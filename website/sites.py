"""Which Wagtail site answers a request, looked up once per host rather than on every request.

Wagtail finds the site for each request with a query (`Site.find_for_request`,
about 2 ms), and every page asks for it: page URLs, settings, absolute links.
The answer changes only when a Site is edited, so it is cached per host and
port for a few minutes and forgotten when any Site is saved or deleted
(news.signals). Cached pages never get here (the page cache answers first).
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from wagtail.models import Site

SITE_CACHE_SECONDS = 300
GENERATION_KEY = "sites:generation"


def _key(host) -> str:
    generation = cache.get_or_set(GENERATION_KEY, 1, timeout=None)
    return f"sites:{generation}:" + hashlib.sha256(host.lower().encode()).hexdigest()[:32]


def forget_sites():
    """After a Site changed: every host is looked up again on its next request."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            # Only hosts in ALLOWED_HOSTS are remembered; Django refuses the others later on.
            key = _key(f"{request.get_host()}|{request.get_port()}")
        except DisallowedHost:
            return self.get_response(request)
        site = cache.get(key)
        if site is None:
            site = Site.find_for_request(request)
            if site is not None:
                cache.set(key, site, SITE_CACHE_SECONDS)
        request._wagtail_site = site
        return self.get_response(request)
