"""A page that is not there: the branded 404, with a way on, in production and in development."""

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from tests.factories import ArticlePageFactory, publish


@pytest.fixture
def latest(section):
    return [
        publish(ArticlePageFactory(parent=section, title=f"Latest story {n}", slug=f"latest-{n}")) for n in range(6)
    ]


def assert_branded_not_found(response, section):
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Page not found"
    assert soup.select_one("main form[role=search] input[name=q]") is not None
    main_links = {a["href"] for a in soup.select("main a")}
    assert section.url in main_links
    assert len(soup.select("main .card")) == 5
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_production_404_offers_search_sections_and_the_latest_stories(client, section, latest):
    section.show_in_menus = True
    publish(section)
    assert_branded_not_found(client.get("/no-such-page/"), section)
    assert_branded_not_found(client.get("/world-news/no-such-story/"), section)


def test_development_shows_the_branded_404_not_djangos_debug_page(client, section, latest, settings):
    settings.DEBUG = True
    section.show_in_menus = True
    publish(section)
    with override_settings(MIDDLEWARE=["home.views.BrandedNotFoundMiddleware", *settings.MIDDLEWARE]):
        response = client.get("/no-such-page/")
        assert_branded_not_found(response, section)
        assert b"Using the URLconf" not in response.content


def test_development_shows_djangos_debug_404_when_asked(client, section, settings):
    settings.DEBUG = True
    settings.DEBUG_404 = True
    with override_settings(MIDDLEWARE=["home.views.BrandedNotFoundMiddleware", *settings.MIDDLEWARE]):
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content and b"Raised by" in response.content


def test_dev_settings_put_the_branded_404_first():
    import importlib

    dev = importlib.import_module("website.settings.dev")
    assert dev.MIDDLEWARE[0] == "home.views.BrandedNotFoundMiddleware"
    assert dev.DEBUG_404 is False
