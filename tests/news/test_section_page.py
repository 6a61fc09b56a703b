"""A section: pinned stories first, then everything newest first, twenty a page, whatever `page` says."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from news.models import SectionPage, SectionPinnedArticle
from tests.factories import ArticlePageFactory, SectionPageFactory, home_page, publish
from tests.shared_rows import rows_shared_by_a_class


def add_stories(section, count, featured=False, prefix="Story"):
    """`count` live stories, the first the oldest, one hour apart."""
    start = timezone.now() - timedelta(days=30)
    return [
        publish(
            ArticlePageFactory(
                parent=section,
                title=f"{prefix} {i:02d}",
                slug=f"{prefix.lower()}-{i:02d}",
                featured=featured,
                display_date=start + timedelta(hours=i),
            )
        )
        for i in range(count)
    ]


def listed_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select("section.section-latest h3 a")]


def featured_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select("section.section-featured h3 a")]


@pytest.fixture(scope="class")
def crowded_section_id(django_db_setup, django_db_blocker):
    """A section of 45 stories, built once for the tests of a class."""
    with rows_shared_by_a_class(django_db_blocker):
        with django_db_blocker.unblock():
            section = publish(SectionPageFactory(parent=home_page(), title="World News", slug="world-news"))
            add_stories(section, 45)
        yield section.pk


@pytest.fixture
def crowded_section(db, crowded_section_id):
    return SectionPage.objects.get(pk=crowded_section_id)


class TestACrowdedSection:
    def test_lists_twenty_stories_newest_first(self, client, crowded_section):
        titles = listed_titles(client.get(crowded_section.url))
        assert titles == [f"Story {i:02d}" for i in range(44, 24, -1)]

    def test_later_pages_continue_where_the_first_stopped(self, client, crowded_section):
        assert listed_titles(client.get(crowded_section.url + "?page=2"))[0] == "Story 24"
        last = client.get(crowded_section.url + "?page=3")
        assert listed_titles(last) == [f"Story {i:02d}" for i in range(4, -1, -1)]
        assert "Page 3 of 3" in last.content.decode()

    @pytest.mark.parametrize("junk", ["abc", "", "0", "-3", "2.5", "1e9", "%00", "'; DROP TABLE x;--"])
    def test_junk_page_numbers_show_the_first_page(self, client, crowded_section, junk):
        response = client.get(crowded_section.url, {"page": junk})
        assert response.status_code == 200
        assert listed_titles(response)[0] == "Story 44"

    @pytest.mark.parametrize("beyond", ["4", "999999", "9" * 400])
    def test_page_number_past_the_end_shows_the_last_page(self, client, crowded_section, beyond):
        response = client.get(crowded_section.url, {"page": beyond})
        assert response.status_code == 200
        assert "Page 3 of 3" in response.content.decode()

    def test_pagination_links_lead_to_the_neighbouring_pages(self, client, crowded_section):
        soup = BeautifulSoup(client.get(crowded_section.url + "?page=2").content, "html.parser")
        assert soup.select_one('nav.pagination a[rel="prev"]')["href"] == "?page=1"
        assert soup.select_one('nav.pagination a[rel="next"]')["href"] == "?page=3"


def test_pinned_stories_lead_in_editor_order_and_fill_from_newest_featured(client, section):
    plain = add_stories(section, 3)
    featured = add_stories(section, 3, featured=True, prefix="Featured")
    SectionPinnedArticle.objects.create(page=section, article=plain[0], sort_order=0)
    SectionPinnedArticle.objects.create(page=section, article=plain[2], sort_order=1)
    assert featured_titles(client.get(section.url)) == [plain[0].title, plain[2].title, featured[-1].title]


def test_unpublished_pinned_story_is_skipped(client, section):
    pinned, *_ = add_stories(section, 1)
    SectionPinnedArticle.objects.create(page=section, article=pinned, sort_order=0)
    pinned.unpublish()
    assert pinned.title not in client.get(section.url).content.decode()


def test_stories_of_other_sections_and_drafts_stay_out(client, home, section):
    other = publish(SectionPageFactory(parent=home, title="Politics", slug="politics"))
    add_stories(other, 2, prefix="Politics")
    ArticlePageFactory(parent=section, title="Draft story", slug="draft-story", live=False)
    html = client.get(section.url).content.decode()
    assert "Politics 00" not in html and "Draft story" not in html


def test_empty_section_says_so(client, section):
    assert "No stories in this section yet." in client.get(section.url).content.decode()


def test_moving_a_story_moves_it_between_section_listings(client, home, section, article):
    other = publish(SectionPageFactory(parent=home, title="Politics", slug="politics"))
    article.move(other, pos="last-child")
    assert article.title in listed_titles(client.get(other.url))
    assert article.title not in listed_titles(client.get(section.url))


def story_links(response):
    """Every story link on the page, in order (cards' headlines)."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [a["href"] for a in soup.select("main h3 a")]


def test_no_story_is_listed_twice_on_a_section_page(client, section):
    add_stories(section, 5)
    featured = add_stories(section, 3, featured=True, prefix="Featured")
    response = client.get(section.url)
    links = story_links(response)
    assert len(links) == len(set(links)) == 8
    assert featured_titles(response) == [story.title for story in reversed(featured)]
    assert not set(featured_titles(response)) & set(listed_titles(response))


def test_featured_stories_stay_out_of_every_page_of_the_listing(client, section):
    add_stories(section, 25)
    featured = add_stories(section, 3, featured=True, prefix="Featured")
    first, second = client.get(section.url), client.get(section.url + "?page=2")
    listed = listed_titles(first) + listed_titles(second)
    assert len(listed) == len(set(listed)) == 25
    assert not {story.title for story in featured} & set(listed)
    assert featured_titles(second) == []


def test_a_short_featured_row_is_drawn_with_only_the_stories_it_has(client, section):
    add_stories(section, 2, featured=True, prefix="Featured")
    soup = BeautifulSoup(client.get(section.url).content, "html.parser")
    assert len(soup.select("section.section-featured .card")) == 2
