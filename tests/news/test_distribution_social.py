"""Canonical links, Open Graph and Twitter cards, and what search engines may do with partners' stories."""

import pytest
from bs4 import BeautifulSoup

from news.dates import machine_time
from news.models import SearchEnginePolicy
from tests.factories import AuthorFactory
from tests.news.distribution_stories import configure_publication, photo, story, syndicated_story


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").head


def canonicals(head):
    return [link["href"] for link in head.find_all("link", rel="canonical")]


def properties(head):
    """Every Open Graph property and Twitter field, in order, as (name, content) pairs."""
    return [(m.get("property") or m.get("name"), m["content"]) for m in head.find_all("meta") if m.get("content")]


def value(head, name):
    [content] = [content for key, content in properties(head) if key == name]
    return content


@pytest.fixture
def hero(db):
    return photo()


@pytest.fixture
def illustrated_story(section, hero):
    configure_publication(twitter_handle="mastheadtimes", publication_name="The Masthead Times")
    return story(
        section,
        "harbour-reopens",
        title="Harbour reopens",
        dek="The first ferry in a month left at dawn.",
        authors=["Mara Lindqvist"],
        tags=["Storms", "Ferries"],
        hero_image=hero,
    )


# Open Graph and Twitter


def test_story_card_carries_article_properties_with_absolute_urls(client, illustrated_story):
    page_head = head(client, illustrated_story.url)
    pairs = properties(page_head)

    assert value(page_head, "og:type") == "article"
    assert value(page_head, "og:site_name") == "The Masthead Times"
    assert value(page_head, "og:title") == "Harbour reopens"
    assert value(page_head, "og:description") == "The first ferry in a month left at dawn."
    assert value(page_head, "og:url") == "http://localhost/world-news/harbour-reopens/"
    assert value(page_head, "og:image").startswith("http://localhost/media/images/")
    assert (value(page_head, "og:image:width"), value(page_head, "og:image:height")) == ("1200", "630")
    assert value(page_head, "article:published_time") == machine_time(illustrated_story.first_published_at)
    assert value(page_head, "article:modified_time") == machine_time(illustrated_story.last_published_at)
    assert value(page_head, "article:section") == "World News"
    assert value(page_head, "article:author") == "http://localhost/authors/mara-lindqvist/"
    assert [content for key, content in pairs if key == "article:tag"] == ["Ferries", "Storms"]


def test_story_twitter_card_is_a_large_image_naming_our_account(client, illustrated_story):
    page_head = head(client, illustrated_story.url)
    assert value(page_head, "twitter:card") == "summary_large_image"
    assert value(page_head, "twitter:site") == "@mastheadtimes"
    assert value(page_head, "twitter:title") == "Harbour reopens"
    assert value(page_head, "twitter:image") == value(page_head, "og:image")
    assert value(page_head, "twitter:image:alt") == "Harbour at dawn"


def test_story_without_photo_falls_back_to_the_logo_and_a_small_card(client, section):
    configure_publication(logo=photo("Masthead logo"))
    page_head = head(client, story(section, "plain").url)
    assert value(page_head, "twitter:card") == "summary"
    assert value(page_head, "og:image").startswith("http://localhost/media/images/")
    assert value(page_head, "og:image:alt") == "Masthead logo"


def test_site_without_twitter_handle_leaves_twitter_site_out(client, section):
    configure_publication(twitter_handle="")
    assert "twitter:site" not in dict(properties(head(client, story(section, "plain").url)))


def test_home_and_section_pages_are_websites_on_social_networks(client, home, section):
    configure_publication(publication_name="The Masthead Times", tagline="Independent news")
    home_head = head(client, "/")
    assert value(home_head, "og:type") == "website"
    assert value(home_head, "og:title") == "The Masthead Times"
    assert value(home_head, "og:description") == "Independent news"
    assert value(home_head, "og:url") == "http://localhost/"
    section_head = head(client, section.url)
    assert value(section_head, "og:title") == "World News"
    assert value(section_head, "og:description") == "Stories from the desk."
    assert "article:section" not in dict(properties(section_head))


def test_author_page_card_names_the_author(client, db):
    AuthorFactory(name="Mara Lindqvist", bio="Covers the coast.")
    page_head = head(client, "/authors/mara-lindqvist/")
    assert value(page_head, "og:title") == "Mara Lindqvist"
    assert value(page_head, "og:description") == "Covers the coast."
    assert value(page_head, "og:url") == "http://localhost/authors/mara-lindqvist/"


# Canonical links


def test_every_reader_page_names_one_absolute_canonical(client, home, section, our_licence, illustrated_story):
    expected = {
        "/": "http://localhost/",
        section.url: "http://localhost/world-news/",
        illustrated_story.url: "http://localhost/world-news/harbour-reopens/",
        our_licence.url: "http://localhost/republishing-licence/",
        "/authors/mara-lindqvist/": "http://localhost/authors/mara-lindqvist/",
    }
    for url, canonical in expected.items():
        assert canonicals(head(client, url)) == [canonical], url


def test_listing_pages_past_the_first_keep_their_number_in_the_canonical(client, section):
    from news.models import SectionPage

    for n in range(SectionPage.ARTICLES_PER_PAGE + 1):
        story(section, f"story-{n}", authors=["Mara Lindqvist"])
    assert canonicals(head(client, section.url + "?page=2")) == ["http://localhost/world-news/?page=2"]
    assert canonicals(head(client, section.url + "?page=junk")) == ["http://localhost/world-news/"]
    assert canonicals(head(client, section.url + "?page=99")) == ["http://localhost/world-news/?page=2"]
    assert canonicals(head(client, "/authors/mara-lindqvist/?page=2")) == [
        "http://localhost/authors/mara-lindqvist/?page=2"
    ]


# What the partner's policy puts in <head>


def googlebot_news(page_head):
    return [m["content"] for m in page_head.find_all("meta") if m.get("name", "").lower() == "googlebot-news"]


def robots_metas(page_head):
    return [m for m in page_head.find_all("meta") if m.get("name", "").lower() in ("robots", "googlebot")]


@pytest.fixture
def partner_story(section, partner):
    def make(policy):
        partner.search_engine_policy = policy
        partner.save()
        return syndicated_story(section, partner, "flooded-delta")

    return make


def test_googlebot_news_noindex_policy_keeps_our_copy_out_of_google_news_under_our_canonical(client, partner_story):
    copy = partner_story(SearchEnginePolicy.NOINDEX_GOOGLEBOT_NEWS)
    page_head = head(client, copy.url)
    assert googlebot_news(page_head) == ["noindex"]
    assert canonicals(page_head) == ["http://localhost/world-news/flooded-delta/"]
    assert robots_metas(page_head) == []


def test_canonical_policy_points_search_engines_at_the_original(client, partner_story):
    copy = partner_story(SearchEnginePolicy.CANONICAL_TO_ORIGINAL)
    page_head = head(client, copy.url)
    assert canonicals(page_head) == ["https://coastline-chronicle.example/stories/flooded-delta"]
    assert googlebot_news(page_head) == []
    assert robots_metas(page_head) == []


def test_no_policy_treats_our_copy_like_our_own_reporting(client, partner_story):
    copy = partner_story(SearchEnginePolicy.NONE)
    page_head = head(client, copy.url)
    assert canonicals(page_head) == ["http://localhost/world-news/flooded-delta/"]
    assert googlebot_news(page_head) == []
    assert robots_metas(page_head) == []


def test_canonical_policy_without_an_original_url_keeps_our_canonical(client, section, partner):
    partner.search_engine_policy = SearchEnginePolicy.CANONICAL_TO_ORIGINAL
    partner.save()
    copy = syndicated_story(section, partner, "no-original", original_url="")
    assert canonicals(head(client, copy.url)) == ["http://localhost/world-news/no-original/"]


def test_our_own_reporting_carries_no_googlebot_news_tag(client, illustrated_story):
    page_head = head(client, illustrated_story.url)
    assert googlebot_news(page_head) == []
    assert robots_metas(page_head) == []


def test_pages_rendered_outside_a_request_leave_the_head_tags_out(db):
    from django.template.loader import render_to_string

    html = render_to_string("404.html")
    assert "Page not found" in html
    assert "og:" not in html and 'rel="canonical"' not in html
