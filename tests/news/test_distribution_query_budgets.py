"""Feeds, sitemaps, author pages and stories cost a fixed number of SQL queries, however much there is.

Each is measured with little and with a lot of content (stories, tags,
authors, photos). The whole-page cache is off so everything is really built;
lookups a running site keeps cached (site root paths, renditions) are warm.
The counts must match exactly between the two sizes.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import ArticlePage, Origin, SearchEnginePolicy
from tests.news.distribution_stories import configure_publication, photo
from tests.news.test_query_budgets import ARTICLE_BUDGET, populate

pytestmark = pytest.mark.usefixtures("no_page_cache")

FEED_BUDGET = 8
# Pages, then topics (news.topics), then the settings and site the addresses need.
SITEMAP_BUDGET = 5
NEWS_SITEMAP_BUDGET = 3
AUTHOR_PAGE_BUDGET = 7

URLS = {
    "site feed": ("/feeds/", FEED_BUDGET),
    "section feed": ("/feeds/sections/world-news/", FEED_BUDGET),
    "author feed": ("/feeds/authors/author-0-0/", FEED_BUDGET),
    "sitemap": ("/sitemap.xml", SITEMAP_BUDGET),
    "news sitemap": ("/news-sitemap.xml", NEWS_SITEMAP_BUDGET),
    "author page": ("/authors/author-0-0/", AUTHOR_PAGE_BUDGET),
    "topic feed": ("/feeds/topics/tag-0/", FEED_BUDGET),
    "topic page": ("/topics/tag-0/", AUTHOR_PAGE_BUDGET),
    "story": ("/world-news/story-0/", ARTICLE_BUDGET),
    "syndicated story": ("/world-news/story-1/", ARTICLE_BUDGET),
}


def queries_for(client, url):
    client.get(url)  # the first request creates renditions and warms lookups
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def measure_everything(client, section, partner, size):
    configure_publication(logo=photo("Masthead logo"), twitter_handle="mastheadtimes")
    stories = populate(section, size)
    for story in stories[1::2]:  # every other story is a partner's, with the policy that hides it from Google News
        ArticlePage.objects.filter(pk=story.pk).update(
            origin=Origin.SYNDICATED, partner=partner, original_url="https://example.org/original"
        )
    partner.search_engine_policy = SearchEnginePolicy.NOINDEX_GOOGLEBOT_NEWS
    partner.save()
    return {name: queries_for(client, url) for name, (url, _budget) in URLS.items()}


def test_query_counts_do_not_grow_with_content_and_stay_within_budget(client, section, partner):
    few = measure_everything(client, section, partner, size=1)
    ArticlePage.objects.all().delete()
    many = measure_everything(client, section, partner, size=12)
    for name, (url, budget) in URLS.items():
        print(f"{name} {url}: {few[name]} queries with 2 stories, {many[name]} with 24 (budget {budget})")
    assert many == few
    assert {name: count for name, count in many.items() if count > URLS[name][1]} == {}
