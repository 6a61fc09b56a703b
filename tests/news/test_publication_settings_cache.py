"""The publication settings every page shows are kept in the cache, and never shown stale.

Pages are read with the page cache off, so each request renders the footer.
"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import PublicationSettings
from tests.factories import publish

pytestmark = pytest.mark.usefixtures("no_page_cache")


def footer(client, url) -> str:
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return " ".join(soup.select_one("footer").get_text().split())


def test_pages_after_the_first_do_not_read_the_settings(client, article, originals_licence):
    client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(article.url)
    assert not [q for q in queries.captured_queries if "news_publicationsettings" in q["sql"]]


def test_saved_settings_show_on_the_next_page(client, article, originals_licence):
    footer(client, article.url)
    settings = PublicationSettings.load()
    settings.publication_name = "The Harbour Herald"
    settings.save()
    assert "The Harbour Herald" in footer(client, article.url)


def test_a_renamed_licence_page_shows_on_the_next_page(client, article, originals_licence):
    assert "Republish our journalism" in footer(client, article.url)
    originals_licence.title = "Reuse our reporting"
    publish(originals_licence)
    assert "Reuse our reporting" in footer(client, article.url)
