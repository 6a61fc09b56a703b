"""`/robots.txt`: where the sitemaps are, and what crawlers should leave alone."""

from django.http import HttpResponse
from django.urls import reverse

from caching.headers import mark_cacheable

from .links import site_root_url


def robots_txt(request):
    """Keeps crawlers out of the admin and reader search results, and names both sitemaps.

    Search result pages also say noindex; disallowing them saves crawlers
    from following every query link into an endless space of result pages.
    """
    root = site_root_url(request)
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('wagtailadmin_home')}",
        f"Disallow: {reverse('search')}",
        "",
        f"Sitemap: {root}{reverse('distribution:sitemap')}",
        f"Sitemap: {root}{reverse('distribution:news-sitemap')}",
    ]
    return mark_cacheable(HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"))
