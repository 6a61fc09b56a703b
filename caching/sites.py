"""Which Wagtail site answers a request, looked up once per host rather than on every request.

Wagtail finds the site for each request with a query (`Site.find_for_request`),
and every page asks for it: page URLs, settings, absolute links.
The answer changes only when a Site is edited, so it is cached per host and
port for a few minutes and forgotten when any Site is saved or deleted
(below). Pages Varnish keeps never get here.
"""

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site

from caching.invalidation import bump, digest

SITE_CACHE_SECONDS = 300
GENERATION_KEY = "sites:generation"


@receiver([post_save, post_delete], sender=Site)
def forget_sites(**kwargs):
    """A site's hostname, port or root page changed: every host is looked up again on its next request."""
    bump(GENERATION_KEY)


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            # Only hosts in ALLOWED_HOSTS are remembered; Django refuses the others later on.
            key = "sites:" + digest(f"{request.get_host().lower()}|{request.get_port()}")
        except DisallowedHost:
            return self.get_response(request)
        # The site is kept with the generation it was found under: one cache round trip reads both.
        found = cache.get_many([key, GENERATION_KEY])
        generation = found.get(GENERATION_KEY, 0)
        cached = found.get(key)
        if cached is not None and cached[0] == generation:
            site = cached[1]
        else:
            site = Site.find_for_request(request)
            if site is not None:
                cache.set(key, (generation, site), SITE_CACHE_SECONDS)
        if site is not None:
            # Routing starts from the root page's own type (Wagtail asks for `root_page.specific`);
            # built from the row already loaded, its own fields are read only if the root page itself is shown.
            site.root_page = site.root_page.specific_deferred
        request._wagtail_site = site
        return self.get_response(request)
