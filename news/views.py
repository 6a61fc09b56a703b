from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from caching.headers import mark_cacheable, tag_stories
from news.distribution.rss import author_feed_url
from news.models import ArticlePage, Author
from news.models.articles import prefetch_card_renditions
from news.pagination import page_of

AUTHOR_ARTICLES_PER_PAGE = 20


def author_detail(request, slug):
    """An author's page: who they are and their stories, newest first, with their feed.

    Cached whole for anonymous readers like any page; publishing or
    unpublishing one of their stories purges it (news.staleness).
    """
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    stories = ArticlePage.objects.cards().filter(authors__author=author).distinct()
    articles_page = page_of(Paginator(stories, AUTHOR_ARTICLES_PER_PAGE), request)
    prefetch_card_renditions(articles_page)
    tag_stories(request, [story.pk for story in articles_page])
    context = {"author": author, "articles_page": articles_page, "feed_url": author_feed_url(author)}
    return mark_cacheable(render(request, "news/author_page.html", context))
