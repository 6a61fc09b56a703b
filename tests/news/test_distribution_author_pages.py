"""Author pages list each author's stories, a page at a time, whatever page number a reader sends."""

import pytest
from bs4 import BeautifulSoup

from news.models import SectionPage
from news.views import AUTHOR_ARTICLES_PER_PAGE
from tests.factories import ArticlePageFactory, SectionPageFactory, home_page, publish
from tests.news.distribution_stories import story
from tests.shared_rows import rows_shared_by_a_class

AUTHOR_URL = "/authors/mara-lindqvist/"


@pytest.fixture(scope="class")
def prolific_author_section_id(django_db_setup, django_db_blocker):
    """One more story than fits on a page, newest first: story-N ... story-0, built once for a class."""
    with rows_shared_by_a_class(django_db_blocker):
        with django_db_blocker.unblock():
            section = publish(SectionPageFactory(parent=home_page(), title="World News", slug="world-news"))
            for n in range(AUTHOR_ARTICLES_PER_PAGE + 1):
                story(section, f"story-{n}", authors=["Mara Lindqvist"])
        yield section.pk


@pytest.fixture
def prolific_author(db, prolific_author_section_id):
    """The section holding the author's stories."""
    return SectionPage.objects.get(pk=prolific_author_section_id)


def headlines(response):
    return [a.get_text() for a in BeautifulSoup(response.content, "html.parser").select(".card__headline a")]


class TestAProlificAuthor:
    def test_author_page_lists_their_stories_a_page_at_a_time(self, client, prolific_author):
        first = client.get(AUTHOR_URL)
        assert len(headlines(first)) == AUTHOR_ARTICLES_PER_PAGE
        assert "Page 1 of 2" in first.content.decode()
        second = client.get(AUTHOR_URL + "?page=2")
        assert headlines(second) == ["Story 0"]

    def test_author_page_shows_only_their_live_stories(self, client, prolific_author):
        section = prolific_author
        story(section, "someone-elses", authors=["Tomas Ek"])
        ArticlePageFactory(parent=section, title="Unfinished draft", slug="draft", live=False)
        titles = headlines(client.get(AUTHOR_URL)) + headlines(client.get(AUTHOR_URL + "?page=2"))
        assert len(titles) == AUTHOR_ARTICLES_PER_PAGE + 1
        assert "Someone elses" not in titles and "Unfinished draft" not in titles

    @pytest.mark.parametrize(
        ("junk", "shown_page"),
        [
            ("abc", 1),
            ("0", 1),
            ("-3", 1),
            ("", 1),
            ("2.5", 1),
            ("99999999999999999999", 2),
            ("\x00", 1),
            ("9" * 500, 2),
        ],
    )
    def test_junk_page_numbers_show_a_page_instead_of_an_error(self, client, prolific_author, junk, shown_page):
        response = client.get(AUTHOR_URL, {"page": junk})
        assert response.status_code == 200
        assert f"Page {shown_page} of 2" in response.content.decode()

    def test_author_page_links_to_their_feed(self, client, prolific_author):
        soup = BeautifulSoup(client.get(AUTHOR_URL).content, "html.parser")
        assert soup.select_one(".author-feed a")["href"] == "/feeds/authors/mara-lindqvist/"
        assert soup.head.find("link", rel="alternate", href="http://localhost/feeds/authors/mara-lindqvist/")


def test_unknown_author_is_not_found(client, db):
    assert client.get("/authors/nobody/").status_code == 404
