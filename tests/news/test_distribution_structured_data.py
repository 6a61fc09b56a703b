"""JSON-LD: search engines read a NewsArticle on each story and the publication on the home page."""

import json

import pytest
from bs4 import BeautifulSoup

from news.dates import machine_time
from tests.news.distribution_stories import configure_publication, photo, story, syndicated_story


def json_ld(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    scripts = soup.head.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def is_absolute(url):
    return url.startswith("http://localhost/")


@pytest.fixture
def hero(db):
    return photo()


@pytest.fixture
def logo(db):
    return photo("Masthead logo")


@pytest.fixture
def credited_story(section, hero, logo):
    configure_publication(logo=logo, publication_name="The Masthead Times")
    return story(
        section,
        "harbour-reopens",
        title="Harbour reopens",
        dek="The first ferry in a month left at dawn.",
        authors=["Mara Lindqvist", "Tomas Ek"],
        tags=["Storms", "Ferries"],
        hero_image=hero,
    )


def test_news_article_carries_every_field_with_absolute_urls(client, credited_story):
    data = json_ld(client, credited_story.url)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Harbour reopens"
    assert data["description"] == "The first ferry in a month left at dawn."
    assert data["mainEntityOfPage"]["@id"] == data["url"] == "http://localhost/world-news/harbour-reopens/"
    assert data["datePublished"] == machine_time(credited_story.first_published_at)
    assert data["dateModified"] == machine_time(credited_story.last_published_at)
    assert data["author"] == [
        {"@type": "Person", "name": "Mara Lindqvist", "url": "http://localhost/authors/mara-lindqvist/"},
        {"@type": "Person", "name": "Tomas Ek", "url": "http://localhost/authors/tomas-ek/"},
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "The Masthead Times"
    assert is_absolute(data["publisher"]["logo"]["url"])
    assert data["articleSection"] == "World News"
    assert data["keywords"] == ["Ferries", "Storms"]
    assert "isBasedOn" not in data


def test_news_article_images_are_16_9_4_3_and_1_1(client, credited_story):
    images = json_ld(client, credited_story.url)["image"]
    assert len(images) == 3
    assert all(is_absolute(url) for url in images)
    assert ["fill-1200x675" in images[0], "fill-1200x900" in images[1], "fill-1200x1200" in images[2]] == [True] * 3
    from wagtail.images.models import Rendition

    sizes = {(r.width, r.height) for r in Rendition.objects.filter(image=credited_story.hero_image)}
    assert {(1200, 675), (1200, 900), (1200, 1200)} <= sizes


def test_syndicated_story_is_based_on_the_original(client, section, partner):
    copy = syndicated_story(section, partner, "flooded-delta")
    data = json_ld(client, copy.url)
    assert data["isBasedOn"] == "https://coastline-chronicle.example/stories/flooded-delta"
    assert data["author"] == [
        {"@type": "Organization", "name": "Coastline Chronicle staff", "url": "https://coastline-chronicle.example"}
    ]


def test_story_without_photo_or_logo_still_gives_valid_json(client, section):
    configure_publication(logo=None)
    plain = story(section, "plain", title='Quote "marks" </script><script>alert(1)</script>')
    data = json_ld(client, plain.url)
    assert data["headline"] == 'Quote "marks" </script><script>alert(1)</script>'
    assert "image" not in data and "logo" not in data["publisher"]
    assert "<script>alert" not in client.get(plain.url).content.decode()


def test_home_page_describes_the_organization_and_its_search(client, home, logo):
    configure_publication(
        logo=logo,
        publication_name="The Masthead Times",
        twitter_handle="mastheadtimes",
        facebook_url="https://facebook.example/masthead",
    )
    data = json_ld(client, "/")
    organization, website = data["@graph"]

    assert organization["@type"] == "Organization"
    assert organization["name"] == "The Masthead Times"
    assert organization["url"] == "http://localhost/"
    assert is_absolute(organization["logo"]["url"])
    assert organization["sameAs"] == ["https://facebook.example/masthead", "https://x.com/mastheadtimes"]

    assert website["@type"] == "WebSite"
    assert website["url"] == "http://localhost/"
    assert website["publisher"] == {"@id": organization["@id"]}
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://localhost/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


def test_search_action_template_leads_to_the_search_page(client, home, section):
    story(section, "harbour", title="Harbour reopens")
    template = json_ld(client, "/")["@graph"][1]["potentialAction"]["target"]["urlTemplate"]
    response = client.get(template.replace("http://localhost", "").replace("{search_term_string}", "harbour"))
    assert response.status_code == 200
    # The search page marks the words found, so look for the story's link rather than its headline text.
    assert 'href="/world-news/harbour/"' in response.content.decode()


def test_section_pages_carry_no_article_markup(client, section):
    soup = BeautifulSoup(client.get(section.url).content, "html.parser")
    assert soup.head.find("script", type="application/ld+json") is None
