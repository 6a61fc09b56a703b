"""What every reader page says in its <head>: description, icons, a card image; times machines can read."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

from home.models import PublicationPage
from news.models import PublicationSettings
from tests.factories import publish
from tests.news.distribution_stories import configure_publication, photo, story, syndicated_story

SECONDS_PRECISION = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def meta(soup, **attrs):
    return [tag["content"] for tag in soup.head.find_all("meta", attrs=attrs)]


@pytest.fixture
def about(home):
    page = PublicationPage(title="About us", slug="about", intro="Who we are and how we work.")
    home.add_child(instance=page)
    return publish(page)


@pytest.fixture
def pages(home, section, about):
    plain = story(section, "bridge-reopens", title="Bridge reopens", dek="Traffic returns after a year.")
    described = story(section, "described", search_description="What the editor wrote for search engines.")
    return {"story": plain, "described": described, "about": about}


def test_every_page_has_a_meta_description_from_its_own_words(client, home, section, pages):
    section.intro = "Reporting from around the world."
    publish(section)
    expected = {
        pages["story"].url: "Traffic returns after a year.",
        pages["described"].url: "What the editor wrote for search engines.",
        "/world-news/": "Reporting from around the world.",
        "/about/": "Who we are and how we work.",
        "/": PublicationSettings.load().tagline,
        "/search/?q=bridge": PublicationSettings.load().tagline,
    }
    for url, description in expected.items():
        assert meta(head(client, url), name="description") == [description], url


def test_favicon_and_touch_icon_are_linked_and_served(client, home, settings):
    # WhiteNoise serves the static files, as in production after collectstatic (here straight from the app folders).
    settings.WHITENOISE_USE_FINDERS = True
    soup = head(client, "/")
    links = soup.head.find_all("link", rel=["icon", "apple-touch-icon"])
    assert {" ".join(link["rel"]) for link in links} == {"icon", "apple-touch-icon"}
    assert {link["href"] for link in links} >= {"/static/favicon.ico", "/static/img/apple-touch-icon.png"}
    for link in links:
        assert finders.find(link["href"].removeprefix("/static/")), link["href"]
        served = client.get(link["href"])
        assert served.status_code == 200, link["href"]
        assert served["Content-Type"].startswith("image/"), (link["href"], served["Content-Type"])
    # Browsers and crawlers ask for /favicon.ico whatever the page says.
    old_address = client.get("/favicon.ico", follow=True)
    assert old_address.redirect_chain == [("/static/favicon.ico", 301)]
    assert old_address.status_code == 200 and old_address["Content-Type"].startswith("image/")


def test_every_page_has_an_open_graph_image_the_site_default_without_a_logo(client, home, section, pages):
    for url in ["/", "/world-news/", "/about/", pages["story"].url, "/search/?q=bridge"]:
        [image] = meta(head(client, url), property="og:image")
        assert image == "http://localhost/static/img/social-card.png", url
        assert finders.find("img/social-card.png")


def test_the_logo_is_the_card_image_of_pages_without_a_photo_and_the_publishers_logo(client, home, section):
    configure_publication(logo=photo("Masthead logo"))
    plain = story(section, "plain-story")
    soup = head(client, "/")
    assert meta(soup, property="og:image")[0].startswith("http://localhost/media/images/")
    data = __import__("json").loads(head(client, plain.url).find("script", type="application/ld+json").string)
    assert data["publisher"]["logo"]["url"].startswith("http://localhost/media/images/")


def card(soup):
    """The Open Graph image's address, size and alt text, and the Twitter card's kind."""
    return {
        "image": meta(soup, property="og:image"),
        "size": meta(soup, property="og:image:width") + meta(soup, property="og:image:height"),
        "alt": meta(soup, property="og:image:alt"),
        "twitter": meta(soup, name="twitter:card"),
    }


def test_pages_without_a_photo_show_the_social_image_from_settings_before_the_logo(client, home, section, pages):
    social_image = photo("Masthead on the harbour wall")
    configure_publication(logo=photo("Masthead logo"), social_image=social_image)
    illustrated = story(section, "illustrated", hero_image=photo("Ferry at the quay"))
    for url in ["/", "/world-news/", "/about/", pages["story"].url, "/search/?q=bridge", "/no-such-page/"]:
        shown = card(BeautifulSoup(client.get(url).content, "html.parser"))
        [image] = shown["image"]
        assert image.startswith("http://localhost/media/images/") and ".fill-1200x630" in image, url
        assert shown["size"] == ["1200", "630"], url
        assert shown["alt"] == ["Masthead on the harbour wall"], url
        assert shown["twitter"] == ["summary_large_image"], url
    # A story's own photo still comes first.
    assert card(head(client, illustrated.url))["alt"] == ["Ferry at the quay"]


def test_without_a_social_image_the_logo_then_the_built_in_card_stand_in(client, home, section, pages):
    configure_publication(logo=photo("Masthead logo"), social_image=photo("Masthead on the harbour wall"))
    configure_publication(logo=photo("Masthead logo"), social_image=None)
    assert card(head(client, pages["story"].url))["alt"] == ["Masthead logo"]
    configure_publication(logo=None, social_image=None)
    assert meta(head(client, pages["story"].url), property="og:image") == [
        "http://localhost/static/img/social-card.png"
    ]


@pytest.mark.usefixtures("no_page_cache")
def test_a_changed_social_image_shows_on_the_next_page(client, home, section, pages):
    social_image = photo("Masthead on the harbour wall")
    configure_publication(social_image=social_image)
    for url in ["/", pages["story"].url]:
        assert card(head(client, url))["alt"] == ["Masthead on the harbour wall"], url
    social_image.description = "The masthead painted on the harbour wall"
    social_image.save()
    for url in ["/", pages["story"].url]:
        assert card(head(client, url))["alt"] == ["The masthead painted on the harbour wall"], url


def test_story_article_tags_and_times_are_to_the_second(client, section):
    tagged = story(section, "tagged", tags=["Ferries", "Storms"])
    soup = head(client, tagged.url)
    for name in ("article:published_time", "article:modified_time"):
        [when] = meta(soup, property=name)
        assert SECONDS_PRECISION.match(when), when
    assert meta(soup, property="article:section") == ["World News"]
    assert meta(soup, property="article:tag") == ["Ferries", "Storms"]
    times = [time["datetime"] for time in soup.find_all("time")]
    assert times and all(SECONDS_PRECISION.match(value) for value in times), times


def test_dates_are_written_in_one_format_with_the_time_zone(client, section, settings):
    settings.TIME_ZONE = "Europe/London"
    dated = story(section, "dated")
    soup = head(client, dated.url)
    shown = soup.select_one(".story__date time").get_text()
    assert re.match(r"^\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d (GMT|BST)$", shown), shown


def test_a_partners_wire_byline_is_linked_to_the_partners_site_in_json_ld(client, section, partner):
    import json

    copy = syndicated_story(section, partner, "wire-copy")
    data = json.loads(head(client, copy.url).find("script", type="application/ld+json").string)
    assert data["author"] == [{"@type": "Organization", "name": f"{partner.name} staff", "url": partner.website}]
