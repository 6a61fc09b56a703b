"""On PostgreSQL a search's pages and count are cached until the next change to any story's search row.

A popular search, or the next page of one, then skips counting and ranking;
every way a story can change what readers find (published, edited,
unpublished, deleted, moved, restricted, a migration) shows on the next
search.
"""

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_migrate
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from news.models import ArticlePage
from search.database_backend import RESULTS_TOKEN_KEY, StorySearch, _results_token
from tests.factories import SectionPageFactory, publish
from tests.search.conftest import add_story
from tests.search.test_search_page import count_line, headlines

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="search results are cached by the PostgreSQL story search only"
    ),
    pytest.mark.usefixtures("no_page_cache"),
]


def search(client, **params):
    """The headlines found, the count line, and the statements that read the story search table."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", params)
    reads = [q["sql"] for q in queries.captured_queries if "search_storydocument" in q["sql"]]
    return headlines(response), count_line(response), reads


@pytest.fixture
def harbour_stories(section):
    return [add_story(section, f"Harbour report {n}", slug=f"harbour-{n}", days_ago=n + 1) for n in range(3)]


def test_a_repeated_search_is_answered_without_reading_the_story_table(client, harbour_stories):
    first = search(client, q="harbour")
    again = search(client, q="harbour")
    assert first[2] and again[2] == []
    assert again[:2] == first[:2]
    assert first[0] == ["Harbour report 0", "Harbour report 1", "Harbour report 2"]


def test_each_sort_and_filter_is_cached_apart(client, harbour_stories, politics):
    search(client, q="harbour")
    newest = search(client, q="harbour", sort="newest")
    in_politics = search(client, q="harbour", section="politics")
    assert newest[2] and in_politics[2]
    assert newest[0] == ["Harbour report 0", "Harbour report 1", "Harbour report 2"] and in_politics[0] == []


@pytest.mark.parametrize("dense", [False, True], ids=["collected", "counted and walked"])
def test_the_next_pages_of_a_search_are_read_from_its_ranking(client, section, monkeypatch, dense):
    if dense:  # counted first, then walked, as a word in most stories is
        monkeypatch.setattr(StorySearch, "DENSE_MATCHES", 0)
    for n in range(45):
        add_story(section, f"Harbour report {n}", slug=f"harbour-{n}", days_ago=n + 1)
    pages = [search(client, q="harbour", page=str(number)) for number in (1, 2, 3)]
    assert pages[0][2] and pages[1][2] == [] and pages[2][2] == []
    found = [headline for page in pages for headline in page[0]]
    assert sorted(found) == sorted(f"Harbour report {n}" for n in range(45))
    assert [len(page[0]) for page in pages] == [20, 20, 5]
    assert all("45 stories" in page[1] for page in pages)


def test_a_page_past_the_ranking_is_read_newest_first_and_cached(client, section, monkeypatch):
    monkeypatch.setattr("search.views.relevance_window", lambda backend: 25)
    for n in range(45):
        add_story(section, f"Harbour report {n}", slug=f"harbour-{n}", days_ago=n + 1)
    search(client, q="harbour")
    straddling = search(client, q="harbour", page="2")  # five ranked, then the next fifteen newest first
    assert straddling[2] and straddling[0][5:] == [f"Harbour report {n}" for n in range(25, 40)]
    assert search(client, q="harbour", page="2")[2] == []


def test_a_story_published_after_a_search_is_found_by_the_next_one(client, section, harbour_stories):
    assert "3 stories" in search(client, q="harbour")[1]
    add_story(section, "Harbour dredging begins", slug="dredging", days_ago=0)
    found, count, _ = search(client, q="harbour")
    assert "4 stories" in count and found[0] == "Harbour dredging begins"


def test_an_edited_headline_is_found_by_its_new_words_at_once(client, harbour_stories):
    assert search(client, q="glacier")[0] == []
    story = ArticlePage.objects.get(pk=harbour_stories[0].pk)
    story.title = "Glacier retreat measured"
    publish(story)
    assert search(client, q="glacier")[0] == ["Glacier retreat measured"]
    assert "2 stories" in search(client, q="harbour")[1]


def test_unpublished_and_deleted_stories_leave_the_next_search(client, harbour_stories):
    search(client, q="harbour")
    ArticlePage.objects.get(pk=harbour_stories[0].pk).unpublish()
    assert search(client, q="harbour")[0] == ["Harbour report 1", "Harbour report 2"]
    ArticlePage.objects.get(pk=harbour_stories[1].pk).delete()
    found, count, _ = search(client, q="harbour")
    assert found == ["Harbour report 2"] and "1 story" in count


def test_a_story_moved_to_another_section_follows_the_section_filter_at_once(client, harbour_stories, politics):
    assert search(client, q="harbour", section="politics")[0] == []
    ArticlePage.objects.get(pk=harbour_stories[0].pk).move(politics, pos="last-child")
    assert search(client, q="harbour", section="politics")[0] == ["Harbour report 0"]


def test_a_section_moved_behind_a_login_takes_its_stories_out_at_once(client, home, section, harbour_stories):
    members = publish(SectionPageFactory(parent=home, title="Members", slug="members"))
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    assert len(search(client, q="harbour")[0]) == 3
    # The stories' tree paths change without their being saved or indexed.
    section.move(members, pos="last-child")
    found, count, _ = search(client, q="harbour")
    assert found == [] and "0 stories" in count


def test_migrating_the_search_app_drops_cached_results(db):
    token = _results_token()
    post_migrate.send(sender=apps.get_app_config("news"), app_config=apps.get_app_config("news"))
    assert cache.get(RESULTS_TOKEN_KEY) == token
    post_migrate.send(sender=apps.get_app_config("search"), app_config=apps.get_app_config("search"))
    assert cache.get(RESULTS_TOKEN_KEY) is None


def test_results_cached_while_a_story_was_being_published_are_dropped_when_it_commits(
    section, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_story(section, "Harbour dredging begins")
        # Another reader searches before the commit, on the stories as they were, under a new token.
        token_taken_before_commit = _results_token()
    assert cache.get(RESULTS_TOKEN_KEY) != token_taken_before_commit
