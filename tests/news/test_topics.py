"""Topic pages: the live stories carrying a tag, newest first, paginated, with a feed, linked from stories, in the sitemap."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.news.distribution_stories import hours_ago, story

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def titles(response):
    return [a.get_text() for a in BeautifulSoup(response.content, "html.parser").select("main .card h3 a")]


@pytest.fixture
def harbour_stories(home, section):
    tagged = [
        story(section, f"harbour-{n:02d}", title=f"Harbour story {n:02d}", tags=["Harbour"], published_at=hours_ago(n))
        for n in range(3)
    ]
    other = story(section, "other-topic", title="Railway story", tags=["Railways"], published_at=hours_ago(1))
    draft = story(section, "harbour-draft", title="Harbour draft", tags=["Harbour"])
    draft.unpublish()
    return tagged, other


def test_topic_page_lists_exactly_the_live_stories_with_the_tag_newest_first(client, harbour_stories):
    tagged, _ = harbour_stories
    response = client.get("/topics/harbour/")
    assert response.status_code == 200
    assert titles(response) == [s.title for s in tagged]
    assert BeautifulSoup(response.content, "html.parser").h1.get_text() == "Harbour"


def test_topic_pages_paginate_like_sections(client, section):
    for n in range(23):
        story(section, f"port-{n:02d}", title=f"Port story {n:02d}", tags=["Ports"], published_at=hours_ago(n))
    first, second = client.get("/topics/ports/"), client.get("/topics/ports/?page=2")
    assert len(titles(first)) == 20 and len(titles(second)) == 3
    assert titles(second) == ["Port story 20", "Port story 21", "Port story 22"]
    assert "Page 2 of 2" in second.content.decode()
    assert client.get("/topics/ports/?page=junk").status_code == 200


@pytest.mark.parametrize("slug", ["no-such-topic", "harbour-draft-only"])
def test_unknown_topics_and_topics_without_live_stories_are_not_found(client, section, slug):
    draft = story(section, "only-draft", tags=["Harbour draft only"])
    draft.unpublish()
    assert client.get(f"/topics/{slug}/").status_code == 404
    assert client.get(f"/feeds/topics/{slug}/").status_code == 404


def test_topic_feed_is_valid_rss_of_the_topics_stories(client, harbour_stories):
    tagged, _ = harbour_stories
    response = client.get("/feeds/topics/harbour/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert feed.feed.title.startswith("Harbour | ")
    assert feed.feed.link == "http://localhost/topics/harbour/"
    assert [entry.title for entry in feed.entries] == [s.title for s in tagged]


def test_topic_page_announces_its_feed(client, harbour_stories):
    soup = BeautifulSoup(client.get("/topics/harbour/").content, "html.parser")
    feeds = [link["href"] for link in soup.head.find_all("link", type="application/rss+xml")]
    assert "http://localhost/feeds/topics/harbour/" in feeds


def test_a_storys_tags_link_to_their_topic_pages(client, harbour_stories):
    tagged, _ = harbour_stories
    soup = BeautifulSoup(client.get(tagged[0].url).content, "html.parser")
    assert [(a.get_text(), a["href"]) for a in soup.select("nav.story__topics a")] == [("Harbour", "/topics/harbour/")]


def test_topics_of_live_stories_are_in_the_sitemap(client, harbour_stories):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert "http://localhost/topics/harbour/" in locations
    assert "http://localhost/topics/railways/" in locations
    assert len(locations) == len(set(locations))


def test_topic_pages_are_cached_like_pages_and_name_their_stories(client, harbour_stories):
    tagged, _ = harbour_stories
    response = client.get("/topics/harbour/")
    assert "public" in response["Cache-Control"]
    assert set(response["Surrogate-Key"].split()) == {f"story-{s.pk}" for s in tagged}


def test_publishing_a_tagged_story_purges_its_topic_page_and_feed(purges, section):
    story(section, "fresh-harbour", tags=["Harbour"])
    assert {"/topics/harbour/", "/feeds/topics/harbour/"} <= purges.paths
