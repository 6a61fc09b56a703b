"""Feeds, sitemaps and author pages are cached whole, and publishing or unpublishing a story refreshes them."""

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


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def first_story(section):
    return story(section, "first-story", title="First story", authors=["Mara Lindqvist"])


@pytest.mark.parametrize("url", [*CACHED_URLS, "/robots.txt"])
def test_second_request_is_answered_from_the_cache_without_queries(client, first_story, url, django_assert_num_queries):
    assert client.get(url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert "public" in response["Cache-Control"]


def test_publishing_a_story_refreshes_every_feed_and_sitemap_it_belongs_in(client, section, first_story):
    for url in CACHED_URLS:
        client.get(url)
    story(section, "second-story", title="Second story", authors=["Mara Lindqvist"])
    for url in CACHED_URLS:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "second-story" in response.content.decode(), url


def test_unpublishing_a_story_takes_it_out_of_every_feed_and_sitemap(client, first_story):
    for url in CACHED_URLS:
        assert "first-story" in client.get(url).content.decode()
    first_story.unpublish()
    for url in CACHED_URLS:
        assert "first-story" not in client.get(url).content.decode(), url


def test_editing_an_author_refreshes_their_page_and_feed(client, db):
    author = AuthorFactory(name="Mara Lindqvist", role="Correspondent")
    client.get("/authors/mara-lindqvist/")
    client.get("/feeds/authors/mara-lindqvist/")
    author.role = "Senior correspondent"
    author.save()
    assert "Senior correspondent" in client.get("/authors/mara-lindqvist/").content.decode()
    assert "Senior correspondent" in client.get("/feeds/authors/mara-lindqvist/").content.decode()
