"""Every absolute address names the host the site is served at: `make run` sets it, and production warns until it is set."""

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from wagtail.models import Site

from tests.news.distribution_stories import story


def test_set_site_address_names_the_default_site_and_absolute_urls_follow(client, home, section):
    call_command("set_site_address", "127.0.0.1", "8000", stdout=open("/dev/null", "w"))
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    page = story(section, "harbour")
    html = client.get(page.url, HTTP_HOST="127.0.0.1:8000").content.decode()
    assert 'rel="canonical" href="http://127.0.0.1:8000/world-news/harbour/"' in html
    assert "http://localhost" not in html
    assert "http://127.0.0.1:8000/sitemap.xml" in client.get("/robots.txt", HTTP_HOST="127.0.0.1:8000").content.decode()


@pytest.mark.parametrize("args", [["http://news.example"], ["news.example:8000"], ["news.example", "0"], [""]])
def test_set_site_address_refuses_what_is_not_a_host_and_port(home, args):
    with pytest.raises(CommandError):
        call_command("set_site_address", *args)


def site_warnings():
    return [message for message in run_checks(tags=["sites"]) if message.id == "home.W001"]


def test_production_settings_warn_while_the_site_is_localhost(home, settings):
    settings.CHECK_SITE_ADDRESS = True
    [warning] = site_warnings()
    assert "localhost:80" in warning.msg and "set_site_address" in warning.hint
    call_command("set_site_address", "news.example.org", "443", stdout=open("/dev/null", "w"))
    assert site_warnings() == []


def test_other_settings_do_not_warn(home, settings):
    settings.CHECK_SITE_ADDRESS = False
    assert site_warnings() == []
