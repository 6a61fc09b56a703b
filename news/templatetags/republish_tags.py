"""Template tags for syndicated stories' credits and for republishing our own."""

from django import template

from news.distribution.republish import canonical_link_tag, offers_republishing, republish_html
from news.models import PublicationSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def republish_offer(context, article, notice):
    """What “Republish this story” shows, or None when the story may not be republished.

    A dict with the HTML to copy, the canonical tag for the republisher's
    <head> and the licence; computed at render time, so the cached page
    carries it for every reader.
    """
    if not offers_republishing(article, notice):
        return None
    request = context.get("request")
    publication = PublicationSettings.load(request_or_site=request)
    return {
        "html": republish_html(article, notice, publication.publication_name, request),
        "canonical": canonical_link_tag(article, request),
        "notice": notice,
    }
