"""Looking up the Wagtail site once per host (caching/sites.py), and forgetting it when a Site changes."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from caching.sites import CachedSiteMiddleware


@pytest.fixture
def hosts(settings):
    settings.ALLOWED_HOSTS = ["localhost", "other.example", "testserver"]


def site_seen(host):
    """The site a request to `host` is answered as, through the middleware."""
    seen = {}

    def view(request):
        seen["site"] = Site.find_for_request(request)
        return None

    CachedSiteMiddleware(view)(RequestFactory().get("/", HTTP_HOST=host))
    return seen["site"]


def site_queries(captured):
    return [q for q in captured.captured_queries if "wagtailcore_site" in q["sql"]]


def test_a_host_is_looked_up_once(home, hosts):
    with CaptureQueriesContext(connection) as first:
        assert site_seen("localhost").is_default_site
    with CaptureQueriesContext(connection) as second:
        assert site_seen("localhost").is_default_site
    assert site_queries(first) and not site_queries(second)


def test_adding_and_removing_a_site_takes_effect_at_once(home, hosts):
    assert site_seen("other.example").is_default_site  # no such site yet: the default answers
    other = Site.objects.create(hostname="other.example", port=80, root_page=home, site_name="Other")
    assert site_seen("other.example") == other
    other.delete()
    assert site_seen("other.example").is_default_site


def test_a_host_outside_allowed_hosts_is_refused_not_cached(client, home, hosts):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400


def test_a_story_is_routed_without_reading_the_home_pages_own_fields(client, home, article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.url).status_code == 200
    assert not [q for q in queries.captured_queries if "home_homepage" in q["sql"]]


def test_the_home_page_shows_its_latest_intro_though_its_site_is_remembered(client, home, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    home.intro = "News from the harbour towns"
    home.save_revision().publish()
    assert "News from the harbour towns" in client.get("/").content.decode()
