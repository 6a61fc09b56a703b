"""The PostgreSQL reader-search table (search_storydocument) follows every change Wagtail's index sees.

Reader search on PostgreSQL reads this table (search.database_backend), so a
story must be found there as soon as it is published and never once it is
unpublished, deleted, moved into a restricted area or out of a section.
The search page tests in this folder run against it on PostgreSQL too.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from wagtail.models import PageViewRestriction

from news.models import ArticlePage
from search.backends import search_backend
from search.database_backend import StoryPostgresSearchBackend, forget_story_results
from search.models import StoryDocument
from tests.factories import SectionPageFactory, publish
from tests.search.conftest import add_story

pytestmark = pytest.mark.usefixtures("no_page_cache")

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="search_storydocument is written and read on PostgreSQL only"
)


def headlines(client, **params):
    soup = BeautifulSoup(client.get("/search/", params).content, "html.parser")
    return [a.get_text() for a in soup.select(".search-result__headline a")]


def test_the_default_backend_is_wagtails_database_backend_with_the_story_table_only_on_postgresql(db):
    backend = search_backend()
    assert isinstance(backend, StoryPostgresSearchBackend) == (connection.vendor == "postgresql")
    if connection.vendor == "sqlite":
        assert type(backend).__module__ == "modelsearch.backends.database.sqlite.sqlite"


@postgres_only
def test_publishing_writes_the_story_document_with_its_filters(section):
    story = add_story(section, "Harbour ferry returns", tags=["coast"], authors=["Ana Ruiz"])
    document = StoryDocument.objects.get(pk=story.pk)
    assert document.live is True
    assert document.path == story.path
    assert document.section_id == section.pk
    assert document.display_date == story.display_date
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT document @@ to_tsquery('english', 'ferry'), document @@ to_tsquery('english', 'coast'), "
            "document @@ to_tsquery('english', 'ruiz') FROM search_storydocument WHERE page_id = %s",
            [story.pk],
        )
        assert cursor.fetchone() == (True, True, True)


@postgres_only
def test_a_draft_edit_does_not_change_what_readers_find(client, section):
    story = add_story(section, "Harbour ferry returns")
    story.title = "Glacier retreat measured"
    story.save_revision()
    assert headlines(client, q="harbour") == ["Harbour ferry returns"]
    assert headlines(client, q="glacier") == []


@postgres_only
def test_unpublishing_and_deleting_take_the_story_out(client, section):
    story = add_story(section, "Harbour ferry returns")
    story.unpublish()
    assert StoryDocument.objects.get(pk=story.pk).live is False
    assert headlines(client, q="harbour") == []
    ArticlePage.objects.get(pk=story.pk).delete()
    assert not StoryDocument.objects.filter(pk=story.pk).exists()


@postgres_only
def test_moving_a_section_under_a_restricted_page_hides_its_stories(client, home, section):
    story = add_story(section, "Harbour ferry returns")
    members = publish(SectionPageFactory(parent=home, title="Members", slug="members"))
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    section.move(members, pos="last-child")
    story.refresh_from_db()
    assert StoryDocument.objects.get(pk=story.pk).path == story.path
    assert headlines(client, q="harbour") == []


@postgres_only
def test_a_story_moved_to_another_section_is_filtered_by_its_new_section(client, home, section, politics):
    story = add_story(section, "Harbour ferry returns")
    ArticlePage.objects.get(pk=story.pk).move(politics, pos="last-child")
    assert StoryDocument.objects.get(pk=story.pk).section_id == politics.pk
    assert headlines(client, q="harbour", section="politics") == ["Harbour ferry returns"]
    assert headlines(client, q="harbour", section="world-news") == []


@postgres_only
def test_rebuilding_the_index_rewrites_every_story_document(section):
    stories = [add_story(section, f"Harbour report {n}", slug=f"harbour-{n}") for n in range(3)]
    StoryDocument.objects.all().delete()
    call_command("update_index", backend_name="default", verbosity=0)
    assert set(StoryDocument.objects.values_list("pk", flat=True)) == {s.pk for s in stories}


@postgres_only
def test_story_rows_stay_narrow_with_their_documents_out_of_line(section):
    # About 1 kB of document each, under the 2 kB at which PostgreSQL moves values out of a row
    # by itself: kept in the rows, twenty stories would fill at least three pages.
    body = " ".join(f"word{n} harbour" for n in range(60))
    for n in range(20):
        add_story(section, f"Harbour report {n}", slug=f"harbour-{n}", body_text=body)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT (ctid::text::point)[0]), count(*) FROM search_storydocument")
        pages, rows = cursor.fetchone()
        cursor.execute("SELECT min(length(document::text)), max(length(document::text)) FROM search_storydocument")
        shortest, longest = cursor.fetchone()
    assert rows == 20 and 800 < shortest and longest < 1800
    assert pages <= 2


@pytest.fixture
def thirty_harbour_stories(section):
    """Thirty stories with "harbour", one a day; "ferry" only in the three oldest; "dredging" in headlines of some."""
    stories = []
    for n in range(30):
        title = f"Harbour dredging report {n}" if n % 4 == 0 else f"Harbour report {n}"
        body = "The harbour ferry sails again." if n >= 27 else "The harbour council met."
        stories.append(add_story(section, title, slug=f"harbour-{n}", body_text=body, days_ago=n + 1))
    return stories


def every_result(client, **params):
    first = headlines(client, **params, page="1")
    return first + headlines(client, **params, page="2") if len(first) == 20 else first


def walks(queries) -> int:
    return sum("ORDER BY d.display_date DESC, d.page_id DESC LIMIT" in q["sql"] for q in queries)


@postgres_only
@pytest.mark.parametrize("sort", ["relevance", "newest"])
@pytest.mark.parametrize("words", ["harbour", "harbour dredging", "harbour report"])
@pytest.mark.parametrize("window", [5, 25, 500])
def test_walking_the_date_index_finds_what_collecting_the_matches_finds(
    client, thirty_harbour_stories, monkeypatch, sort, words, window
):
    from django.test.utils import CaptureQueriesContext

    from search.database_backend import StorySearch

    monkeypatch.setattr("search.views.relevance_window", lambda backend: window)
    monkeypatch.setattr(StorySearch, "DENSE_MATCHES", 10**9)
    collected = every_result(client, q=words, sort=sort)
    monkeypatch.setattr(StorySearch, "DENSE_MATCHES", 0)
    forget_story_results()  # read them again, not from the cache
    with CaptureQueriesContext(connection) as queries:
        walked = every_result(client, q=words, sort=sort)
    assert walks(queries.captured_queries) >= 1
    assert walked == collected
    assert len(collected) == (30 if words != "harbour dredging" else 8)


@postgres_only
def test_a_walk_that_finds_too_few_matches_collects_them_instead(client, thirty_harbour_stories, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    from search.database_backend import StorySearch

    monkeypatch.setattr(StorySearch, "DENSE_MATCHES", 0)
    monkeypatch.setattr(StorySearch, "WALK_MARGIN", 0)
    for sort in ("relevance", "newest"):
        with CaptureQueriesContext(connection) as queries:
            found = headlines(client, q="ferry", sort=sort)
        # The three "ferry" stories are the oldest of thirty: a walk of the newest few misses them.
        assert walks(queries.captured_queries) == 1
        assert sorted(found) == ["Harbour dredging report 28", "Harbour report 27", "Harbour report 29"]


@postgres_only
def test_a_word_in_few_stories_is_counted_while_its_page_is_collected(client, thirty_harbour_stories):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        found = headlines(client, q="ferry")
    reads = [q["sql"] for q in queries.captured_queries if "search_storydocument" in q["sql"]]
    # PostgreSQL's estimate, then one statement for the page and the count: no separate count.
    assert len(reads) == 2 and reads[0].startswith("EXPLAIN")
    assert sorted(found) == ["Harbour dredging report 28", "Harbour report 27", "Harbour report 29"]
