"""Feeds, sitemaps and author pages may be kept by the HTTP cache, and publishing or unpublishing a story purges them."""

import pytest

from tests.factories import AuthorFactory
from tests.news.distribution_stories import story

CACHED_URLS = [
    "/feeds/",
    "/feeds/sections/world-news/",
    "/feeds/authors/mara-lindqvist/",
    "/sitemap.xml",
    "/news-sitemap.xml",
    "/authors/mara-lindqvist/",
]


@pytest.fixture
def first_story(section):
    return story(section, "first-story", title="First story", authors=["Mara Lindqvist"])


@pytest.mark.parametrize("url", [*CACHED_URLS, "/robots.txt"])
def test_shared_caches_may_keep_them(client, first_story, url):
    cache_control = client.get(url)["Cache-Control"]
    assert "public" in cache_control and "s-maxage=300" in cache_control


def test_publishing_a_story_purges_every_feed_and_sitemap_it_belongs_in(client, section, first_story, purges):
    purges.forget()
    story(section, "second-story", title="Second story", authors=["Mara Lindqvist"])
    assert set(CACHED_URLS) <= purges.paths
    for url in CACHED_URLS:
        assert "second-story" in client.get(url).content.decode(), url


def test_unpublishing_a_story_takes_it_out_of_every_feed_and_sitemap(client, first_story):
    for url in CACHED_URLS:
        assert "first-story" in client.get(url).content.decode()
    first_story.unpublish()
    for url in CACHED_URLS:
        assert "first-story" not in client.get(url).content.decode(), url


def test_editing_an_author_refreshes_their_page_and_feed(client, db, purges):
    author = AuthorFactory(name="Mara Lindqvist", role="Correspondent")
    client.get("/authors/mara-lindqvist/")
    client.get("/feeds/authors/mara-lindqvist/")
    author.role = "Senior correspondent"
    author.save()
    assert {"/authors/mara-lindqvist/", "/feeds/authors/mara-lindqvist/"} <= purges.paths
    assert "Senior correspondent" in client.get("/authors/mara-lindqvist/").content.decode()
    assert "Senior correspondent" in client.get("/feeds/authors/mara-lindqvist/").content.decode()
