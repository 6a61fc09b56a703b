"""On PostgreSQL the number of live stories holding each very common word is kept, not counted on every search.

The list of words is renewed by `update_index` and `count_common_words`; the
numbers are kept exact by triggers through every publish, edit, unpublish,
delete and move; a reader's unfiltered search for one listed word reads its
number from the list, and every other search counts.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from wagtail.models import PageViewRestriction

from news.models import ArticlePage
from search import database_backend
from search.backends import search_backend
from search.database_backend import StorySearch, refresh_common_words
from search.models import CommonWord
from tests.factories import SectionPageFactory, publish
from tests.search.conftest import add_story
from tests.search.test_result_cache import search

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="common words are kept by the PostgreSQL story search only"
)
pytestmark = pytest.mark.usefixtures("no_page_cache")


def call_command_output(*arguments):
    out = io.StringIO()
    call_command(*arguments, stdout=out)
    return out.getvalue()


def kept_and_counted():
    """Each listed word's kept number, and its number counted on the story table."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT w.lexeme, w.stories,
                (SELECT count(*) FROM search_storydocument d WHERE d.live AND d.document @@ w.term::tsquery)
            FROM search_commonword w ORDER BY w.lexeme
            """
        )
        rows = cursor.fetchall()
    return {lexeme: kept for lexeme, kept, _ in rows}, {lexeme: counted for lexeme, _, counted in rows}


@pytest.fixture
def harbour_stories(section):
    return [
        add_story(section, f"Harbour report {n}", slug=f"harbour-{n}", body_text="Ferries ran late.", days_ago=n + 1)
        for n in range(3)
    ]


@on_postgres
def test_the_words_in_enough_live_stories_are_listed_with_their_numbers(section, harbour_stories):
    add_story(section, "Glacier retreat measured", slug="glacier")
    ArticlePage.objects.get(pk=harbour_stories[2].pk).unpublish()
    assert refresh_common_words(2) == CommonWord.objects.count()
    kept, counted = kept_and_counted()
    assert kept["harbour"] == 2 and kept["ferri"] == 2  # stemmed, as the documents are
    assert "glacier" not in kept
    assert kept == counted
    assert CommonWord.objects.get(lexeme="harbour").term == "'harbour'"


@on_postgres
def test_the_numbers_follow_every_change_to_a_story(section, harbour_stories, home):
    refresh_common_words(2)

    def assert_kept(harbour):
        kept, counted = kept_and_counted()
        assert kept == counted and kept["harbour"] == harbour

    assert_kept(3)
    add_story(section, "Harbour dredging begins", slug="dredging")
    assert_kept(4)
    story = ArticlePage.objects.get(pk=harbour_stories[0].pk)
    story.title = "Glacier retreat measured"
    publish(story)  # the word is gone from this story
    assert_kept(3)
    story = ArticlePage.objects.get(pk=harbour_stories[1].pk)
    story.dek = "Harbour dues rise"
    publish(story)  # edited, still holding the word once
    assert_kept(3)
    story.unpublish()
    assert_kept(2)
    publish(ArticlePage.objects.get(pk=story.pk))
    assert_kept(3)
    ArticlePage.objects.get(pk=harbour_stories[2].pk).delete()
    assert_kept(2)
    elsewhere = publish(SectionPageFactory(parent=home, title="Politics", slug="politics"))
    ArticlePage.objects.get(pk=harbour_stories[1].pk).move(elsewhere, pos="last-child")
    assert_kept(2)
    call_command_output("update_index", "--backend", "default")
    assert CommonWord.objects.count() == 0  # renewed at the backend's own threshold, which none reaches


@on_postgres
def test_update_index_and_the_command_renew_the_list(section, harbour_stories):
    backend = {"default": {"BACKEND": "search.database_backend", "COMMON_WORD_STORIES": 3}}
    with override_settings(WAGTAILSEARCH_BACKENDS=backend):
        call_command_output("update_index", "--backend", "default")
        assert kept_and_counted()[0]["harbour"] == 3
        add_story(section, "Glacier retreat measured", slug="glacier-1")
        add_story(section, "Glacier melt speeds up", slug="glacier-2")
        assert "glacier" not in kept_and_counted()[0]
        add_story(section, "Glacier tours cancelled", slug="glacier-3")
        out = call_command_output("count_common_words")
        assert out.startswith("Listed ") and out.endswith(" words, each in at least 3 live stories.\n")
        assert kept_and_counted()[0]["glacier"] == 3
    assert "each in at least 1 live story." in call_command_output("count_common_words", "--min-stories", "1")
    assert set(kept_and_counted()[0]) >= {"harbour", "glacier", "retreat"}


@on_postgres
def test_resetting_the_index_empties_the_list(harbour_stories):
    refresh_common_words(2)
    search_backend().get_index_for_model(ArticlePage).reset()
    assert CommonWord.objects.count() == 0


@pytest.fixture
def listed_harbour(harbour_stories, monkeypatch):
    """'harbour' listed with a number no count would give, so a search shows where its number came from."""
    monkeypatch.setattr(StorySearch, "DENSE_MATCHES", 0)  # counted first, as a word in most stories is
    refresh_common_words(3)
    CommonWord.objects.filter(lexeme="harbour").update(stories=777)


@on_postgres
def test_a_search_for_one_listed_word_reads_its_number_from_the_list(client, listed_harbour):
    found, count, _ = search(client, q="harbour")
    assert "777 stories" in count
    assert found == ["Harbour report 0", "Harbour report 1", "Harbour report 2"]


@on_postgres
@pytest.mark.parametrize(
    "params",
    [
        {"q": "harbour", "section": "world-news"},
        {"q": "harbour", "from": "2000-01-01"},
        {"q": "harbour report"},
        {"q": '"harbour report"'},
    ],
    ids=["section", "dates", "two words", "phrase"],
)
def test_every_other_search_counts_its_matches(client, listed_harbour, params):
    assert "3 stories" in search(client, **params)[1]


@on_postgres
def test_a_search_for_a_listed_word_counts_when_some_stories_are_behind_a_login(client, home, listed_harbour):
    members = publish(SectionPageFactory(parent=home, title="Members", slug="members"))
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    assert "3 stories" in search(client, q="harbour")[1]


@on_postgres
def test_a_listed_word_is_not_counted_at_all(client, listed_harbour, monkeypatch):
    """The count of the story table is only a fallback: PostgreSQL never runs it for a listed word."""
    statements = []
    original = StorySearch._count

    def count(story_search):
        statements.append(story_search)
        return original(story_search)

    monkeypatch.setattr(StorySearch, "_count", count)
    search(client, q="harbour")
    (story_search,) = statements
    captured = []
    monkeypatch.setattr(database_backend, "_fetch", lambda sql, params: captured.append((sql, params)) or [(0, 0)])
    story_search._remembered = lambda what, read: read()
    story_search._count()
    ((sql, params),) = captured
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    on_stories = [n for n in nodes(plan[0]["Plan"]) if n.get("Relation Name") == "search_storydocument"]
    assert on_stories and all(n["Actual Loops"] == 0 for n in on_stories)


def test_elsewhere_the_command_says_there_is_nothing_to_do(db):
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the command lists the words")
    assert "Nothing to do" in call_command_output("count_common_words")


@on_postgres
def test_two_writers_changing_the_same_common_words_wait_for_each_other_without_deadlocking(db):
    """Each writes a story holding one common word, then one holding the word the other wrote first.

    On two connections of their own, outside the test's transaction, each
    rolled back at the end (the stories' pages never exist; the foreign key
    is only checked on commit). Locking the counters as they come would
    deadlock here and PostgreSQL would cancel one of the writes.
    """
    import threading

    import psycopg

    settings = connection.settings_dict

    def connect(**options):
        return psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            **options,
        )

    first_written, second_written, errors = threading.Event(), threading.Event(), []

    def write(cursor, page_id, word):
        cursor.execute(
            "INSERT INTO search_storydocument (page_id, document, live, path) "
            "VALUES (%s, to_tsvector('simple', %s), true, '')",
            [page_id, word],
        )

    def rolled_back(steps):
        try:
            with connect() as conn, conn.cursor() as cursor:
                steps(cursor)
                conn.rollback()
        except psycopg.Error as error:
            errors.append(error)

    def first(cursor):
        write(cursor, 2_000_000_001, "alpha")
        first_written.set()
        second_written.wait(timeout=1.5)  # with one writer at a time, the second is waiting for this one
        write(cursor, 2_000_000_002, "beta")

    def second(cursor):
        first_written.wait(timeout=5)
        write(cursor, 2_000_000_003, "beta")
        second_written.set()
        write(cursor, 2_000_000_004, "alpha")

    with connect(autocommit=True) as setup:
        setup.execute("INSERT INTO search_commonword VALUES ('alpha', '''alpha''', 0), ('beta', '''beta''', 0)")
        try:
            threads = [threading.Thread(target=rolled_back, args=(steps,)) for steps in (first, second)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            counts = setup.execute("SELECT lexeme, stories FROM search_commonword ORDER BY lexeme").fetchall()
        finally:
            setup.execute("DELETE FROM search_commonword WHERE lexeme IN ('alpha', 'beta')")
    assert errors == []
    assert counts == [("alpha", 0), ("beta", 0)]  # both rolled back
