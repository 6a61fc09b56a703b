"""`/sitemap.xml` for every live page and topic, and `/news-sitemap.xml` for Google News.

Both are cached whole like pages and purged when a page is published,
unpublished or moved (news.staleness).
"""

from datetime import timedelta
from functools import cached_property
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.contrib.sitemaps import views as django_sitemap_views
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap

from caching.headers import mark_cacheable
from news.models import ArticlePage, PublicationSettings
from news.topics import topic_url, topics_in_use
from text.xml import xml_text

from .canonical import not_our_canonical_news
from .links import site_root_url

# Google News reads only stories published in the last two days, and at most
# 1,000 of them per sitemap.
NEWS_WINDOW = timedelta(hours=48)
NEWS_SITEMAP_LIMIT = 1000


class PageSitemap(Sitemap):
    """Every live, public page of the site once, with when it was last published.

    Wagtail's sitemap loads each page as its specific type (one query per
    page type, every field of every story) so that a type may override
    `get_sitemap_urls`. None of ours does, so plain pages are enough: one
    query for the whole part. A page type that starts overriding it must
    bring `.specific()` back here.

    Wagtail also builds its paginator anew on each use; keeping one saves
    counting the pages twice per request.

    Parts hold 10,000 pages rather than the 50,000 the protocol allows: every
    page in a part is built on the request that asks for it, and a publish
    purges them all, so smaller parts keep the crawler's first request after a purge short.
    """

    limit = 10_000

    def items(self):
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .only("url_path", "path", "depth", "locale_id", "last_published_at", "latest_revision_created_at")
        )

    @cached_property
    def paginator(self):
        return super().paginator


@django_sitemap_views.x_robots_tag
def sitemap(request):
    """The sitemap of every live page, or an index of its parts when it outgrows one file.

    Past one part (PageSitemap.limit addresses), `/sitemap.xml` lists
    `/sitemap.xml?p=1`, `?p=2`, ... so search engines find every part; a
    part number that does not exist is not found.
    """
    pages = PageSitemap(request)
    if "p" not in request.GET and pages.paginator.num_pages > 1:
        root = site_root_url(request) + request.path
        parts = [django_sitemap_views.SitemapIndexItem(f"{root}?p={number}") for number in pages.paginator.page_range]
        response = TemplateResponse(request, "sitemap_index.xml", {"sitemaps": parts}, content_type="application/xml")
    else:
        # A leaner template than Django's (no changefreq, priority or alternates,
        # which we never set) renders a part about a quarter faster.
        parts = {"pages": pages}
        if request.GET.get("p", "1") == "1":
            parts["topics"] = TopicSitemap(request)
        response = django_sitemap_views.sitemap(request, parts, template_name="distribution/sitemap.xml")
    return mark_cacheable(response)


class TopicSitemap(DjangoSitemap):
    """Every topic page (news.topics) a live story leads to, with the newest of its stories' dates.

    Addresses are made from the Wagtail site's root URL, like the pages'.
    Topics are few beside stories, so they are listed whole in the first
    part of the sitemap.
    """

    def __init__(self, request):
        self.root = urlsplit(site_root_url(request))

    def items(self):
        return topics_in_use()

    def location(self, tag):
        return topic_url(tag.name)

    def get_protocol(self, protocol=None):
        return self.root.scheme

    def get_domain(self, site=None):
        return self.root.netloc


def news_sitemap_stories(now=None):
    """Stories for Google News: first published in the last 48 hours, newest first, at most 1,000.

    Partners' stories whose search-engine policy keeps our copy out of Google
    News, or names their original as canonical, are left out: Google News
    should list the partner's original, not our copy.
    """
    now = now or timezone.now()
    return (
        ArticlePage.objects.readable()
        .filter(first_published_at__gt=now - NEWS_WINDOW, first_published_at__lte=now)
        .exclude(not_our_canonical_news())
        .defer_streamfields()
        .order_by("-first_published_at", "-pk")[:NEWS_SITEMAP_LIMIT]
    )


def news_sitemap(request):
    """The Google News sitemap, in the `news:` namespace, with the publication's registered name and language."""
    publication = PublicationSettings.load(request_or_site=request)
    stories = [
        {
            "location": story.get_full_url(request),
            "title": xml_text(story.title),
            "published": story.first_published_at,
        }
        for story in news_sitemap_stories()
    ]
    context = {
        "publication_name": xml_text(publication.google_news_name or publication.publication_name),
        "language": xml_text(publication.google_news_language or "en"),
        "stories": stories,
    }
    response = TemplateResponse(request, "distribution/news_sitemap.xml", context, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex"
    return mark_cacheable(response)
