"""`{% related_stories page %}`: the related stories under a story, found by the search backend (search.related)."""

from django import template

from caching.headers import tag_stories
from news.pictures import PageRenditions, picture_filters
from search.related import related_articles

register = template.Library()


@register.inclusion_tag("search/related_stories.html", takes_context=True)
def related_stories(context, article):
    """The related list's cards; their pictures' renditions load in one query if any card is not already drawn.

    The response is tagged with every story it lists, so a purge of any of
    them reaches this page too.
    """
    request = context.get("request")
    related = related_articles(article)
    if request is not None:
        tag_stories(request, [story.pk for story in related])
    return {
        "request": request,
        "related_articles": related,
        "page_renditions": PageRenditions().add((story.hero_image for story in related), picture_filters("card")),
    }
