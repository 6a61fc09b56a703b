"""Topic pages: `/topics/<slug>/`, the live stories carrying a tag, newest first, twenty a page, with their own feed.

A topic is a tag editors already give stories (Listing → Tags); nothing else
is configured. Topic pages are views, not pages of the tree: they are cached
like pages, tagged with the stories they show (`Surrogate-Key`), and purged
by news.staleness when a story carrying the tag is published, changed or
unpublished.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from taggit.models import Tag

from caching.headers import mark_cacheable, tag_stories
from news.distribution.links import absolute_url
from news.models import ArticlePage
from news.models.articles import ArticlePageTag, prefetch_card_renditions
from news.pagination import page_of

TOPIC_STORIES_PER_PAGE = 20


def topic_slug(name: str) -> str:
    """The slug taggit gives a tag of this name, which is its topic's address.

    Stories read their tags as names only (ArticlePage.read_credits); with
    TAGGIT_CASE_INSENSITIVE no two tags share a name, so the slug taggit
    made from the name is this one unless it had to add a number to tell
    two slugs apart, which `topic_for_slug` also accepts.
    """
    return Tag().slugify(name)


def topic_url(name: str) -> str:
    return reverse("news:topic", kwargs={"slug": topic_slug(name)})


def topic_feed_url(name: str) -> str:
    return reverse("distribution:topic-feed", kwargs={"topic_slug": topic_slug(name)})


def topic_for_slug(slug: str) -> Tag:
    """The tag at `/topics/<slug>/`, if a live story carries it; otherwise not found."""
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None or not topic_stories(tag).exists():
        raise Http404("No such topic.")
    return tag


def topic_stories(tag):
    """Readable stories carrying `tag`, newest first, read as cards."""
    tagged = ArticlePageTag.objects.filter(tag=tag).values("content_object_id")
    return ArticlePage.objects.cards().filter(pk__in=tagged)


def topics_in_use():
    """Every tag carried by at least one live story, by name: the topics the sitemap lists."""
    live = ArticlePage.objects.readable().values("pk")
    return Tag.objects.filter(pk__in=ArticlePageTag.objects.filter(content_object__in=live).values("tag")).order_by(
        "name"
    )


def topic_detail(request, slug):
    """A topic's page: its stories, paginated like a section's, and a link to its feed."""
    tag = topic_for_slug(slug)
    articles_page = page_of(Paginator(topic_stories(tag), TOPIC_STORIES_PER_PAGE), request)
    prefetch_card_renditions(articles_page)
    tag_stories(request, [story.pk for story in articles_page])
    context = {
        "topic": tag,
        "articles_page": articles_page,
        "feed_url": topic_feed_url(tag.name),
        "feed_link": absolute_url(request, topic_feed_url(tag.name)),
        "meta_description": f"Stories about {tag.name}, newest first.",
    }
    return mark_cacheable(render(request, "news/topic_page.html", context))
