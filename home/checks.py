"""A warning while the site still says it lives at `localhost`: every absolute address it gives out would be wrong."""

from django.conf import settings
from django.core.checks import Warning, register
from django.db import DatabaseError
from wagtail.models import Site

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


@register("sites")
def default_site_is_not_local(app_configs=None, **kwargs):
    """Under production settings (CHECK_SITE_ADDRESS), warn while the default Wagtail site's hostname is local.

    Canonical links, Open Graph, JSON-LD, feeds, sitemaps, robots.txt and
    purges all name the Site's hostname and port. The check reads the
    database, and says nothing before it is migrated.
    """
    if not settings.CHECK_SITE_ADDRESS:
        return []
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return []
    if site is None or site.hostname not in LOCAL_HOSTS:
        return []
    return [
        Warning(
            f"The default Wagtail site is still {site.hostname}:{site.port}, so every absolute address "
            f"(canonical links, feeds, sitemaps, social cards) names {site.root_url}/.",
            hint="Set the public host name: `manage.py set_site_address news.example.org 443`, "
            "or Settings → Sites in the admin.",
            id="home.W001",
        )
    ]
