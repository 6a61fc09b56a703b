from django import template

from caching.headers import tag_stories
from news.pictures import PageRenditions, picture_filters
from search.related import related_articles

register = template.Library()


@register.inclusion_tag("search/related_stories.html", takes_context=True)
def related_stories(context, article):
    """`{% related_stories page %}`: the cards under a story, their renditions read in one query; the response is tagged with each."""
    related = related_articles(article)
    if context.get("request") is not None:
        tag_stories(context["request"], [story.pk for story in related])
    renditions = PageRenditions().add((story.hero_image for story in related), picture_filters("card"))
    return {"request": context.get("request"), "related_articles": related, "page_renditions": renditions}
