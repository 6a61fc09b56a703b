from django import template
from django.template.loader import get_template
from django.utils import timezone

from home.navigation import site_navigation as read_navigation
from news.fragments import cached_fragment
from news.models import PublicationSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """The header's and footer's menus (home.navigation), read once per request however often a template asks."""
    request = context.get("request")
    if request is None:
        return read_navigation(None)
    if not hasattr(request, "masthead_navigation"):
        request.masthead_navigation = read_navigation(request, context.get("page"))
    return request.masthead_navigation


@register.simple_tag(takes_context=True)
def site_footer(context, navigation):
    """The footer (includes/site_footer.html), drawn once per process for what it shows.

    It is the same on every page but for the menus' current item, the
    publication's name, links and licence, and the year; drawing it through
    templates on every page cost more than reading what it shows.
    """
    request = context.get("request")
    publication = PublicationSettings.load(request_or_site=request)
    licence = publication.originals_licence
    shown = (
        navigation,
        publication.publication_name,
        publication.twitter_handle,
        publication.facebook_url,
        publication.mastodon_url,
        (licence.pk, licence.title, licence.get_url(request)) if licence else None,
        timezone.localdate().year,
    )
    return cached_fragment(
        "site-footer", shown, lambda: get_template("includes/site_footer.html").render(context.flatten())
    )
