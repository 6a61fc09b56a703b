"""Quoted phrases on PostgreSQL are looked up by their adjacent-word pairs before any document is read.

search_storydocument.pairs holds every two adjacent words of a story's
document as one lexeme, with its own GIN index (migration 0004). A phrase is
turned into the AND of its pairs by `storydocument_phrase_pairs`, so only the
stories holding all of them have their document read for the exact check.
The pairs must never miss a story the exact check would find.
"""

import importlib

import pytest
from django.db import connection

from news.models import ArticlePage
from search.backends import search_backend
from search.database_backend import StorySearch, _fetch, forget_story_results
from search.params import ReaderQuery, SearchParams
from tests.search.conftest import add_story
from tests.search.test_search_page import headlines

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="phrase pairs are kept in search_storydocument, on PostgreSQL only"
    ),
    pytest.mark.usefixtures("no_page_cache"),
]


def scalar(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def word_pairs(text) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT unnest(tsvector_to_array(storydocument_word_pairs(to_tsvector('english', %s))))", [text])
        return sorted(row[0] for row in cursor.fetchall())


def phrase_pairs(phrase):
    return scalar("SELECT storydocument_phrase_pairs(phraseto_tsquery('english', %s))::text", [phrase])


def test_a_story_pairs_each_word_with_the_next(db):
    assert word_pairs("The cross-border railway opened") == [
        "border railway",
        "cross border",
        "cross-bord cross",
        "railway open",
    ]
    # Stop words leave a gap in the positions: "council" and "vote" are not adjacent.
    assert word_pairs("council to vote") == []
    assert word_pairs("") == []


def test_a_phrase_needs_all_its_adjacent_pairs(db):
    assert phrase_pairs("border railway line") == "'border railway' & 'railway line'"
    assert phrase_pairs("cross-border railway") == "'cross-bord cross' & 'cross border' & 'border railway'"
    # Words separated by a stop word are not a pair; the adjacent ones still are.
    assert phrase_pairs("minister of trade talks") == "'trade talk'"


@pytest.mark.parametrize("phrase", ["railway", "minister of trade", "the of and", ""])
def test_a_phrase_without_adjacent_words_has_no_pairs(db, phrase):
    assert phrase_pairs(phrase) is None


def test_quotes_and_backslashes_in_lexemes_survive_the_round_trip(db):
    query = r"""'it''s' <-> 'a\\b' <2> 'c d' <-> 'e'"""
    assert scalar("SELECT storydocument_phrase_pairs(%s::tsquery)::text", [query]) == r"""'it''s a\\b' & 'c d e'"""
    stored = scalar(
        "SELECT array_to_tsvector(ARRAY[%s, 'c d e']) @@ storydocument_phrase_pairs(%s::tsquery)", ["it's a\\b", query]
    )
    assert stored is True


def test_a_query_that_is_not_a_plain_chain_has_no_pairs(db):
    assert scalar("SELECT storydocument_phrase_pairs(%s::tsquery)", ["'a' <-> ( 'b' | 'c' )"]) is None


TEXTS = [
    "The cross-border railway line reopened after the storm.",
    "Trade minister: talks on the border railway resume; it's the minister's call.",
    "Minister of trade talks railway border. Border-railway plans, rail.",
    "Storm coast storm coast storm coast " * 40,
    "Visit https://example.org/a-very-long-path/with/many/segments-and-words for more on the railway line",
    "O'Brien's wind-solar farm: wind solar, solar wind, 50MW, 2026.",
    "",
]
PHRASES = [
    "border railway",
    "railway line",
    "cross-border railway",
    "trade minister",
    "minister of trade",
    "minister's call",
    "storm coast storm",
    "coast storm coast storm",
    "wind-solar farm",
    "solar wind",
    "50MW 2026",
    "O'Brien's wind",
    "https://example.org/a-very-long-path/with/many/segments-and-words for",
    "railway",
]


def test_the_pairs_never_miss_a_story_that_holds_the_phrase(db):
    """Over every text and phrase above: an exact match always has the phrase's pairs."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH t AS (SELECT text, to_tsvector('english', text) AS document FROM unnest(%s::text[]) AS text),
                 q AS (SELECT phrase, phraseto_tsquery('english', phrase) AS query FROM unnest(%s::text[]) AS phrase)
            SELECT t.text, q.phrase,
                   t.document @@ q.query,
                   coalesce(storydocument_word_pairs(t.document) @@ storydocument_phrase_pairs(q.query), true)
            FROM t CROSS JOIN q
            """,
            [TEXTS, PHRASES],
        )
        rows = cursor.fetchall()
    missed = [(text, phrase) for text, phrase, exact, by_pairs in rows if exact and not by_pairs]
    assert missed == []
    # The pairs narrow: some stories with all of a phrase's words lack its pairs.
    assert any(not by_pairs for *_, by_pairs in rows)
    assert sum(exact for _, _, exact, _ in rows) >= 15


def test_editing_a_story_rewrites_its_pairs(client, section):
    story = add_story(section, "Railway news", body_text="The border railway reopens.")
    assert headlines(client.get("/search/", {"q": '"border railway"'})) == ["Railway news"]
    story.body = [{"type": "paragraph", "value": "<p>The railway by the border reopens.</p>"}]
    story.save_revision().publish()
    assert headlines(client.get("/search/", {"q": '"border railway"'})) == []
    assert headlines(client.get("/search/", {"q": "border railway"})) == ["Railway news"]


def plan(q) -> str:
    params = SearchParams(query=ReaderQuery.parse(q))
    search = StorySearch(search_backend(), params.query.as_search_query(), params, private_paths=[])
    sql = f"EXPLAIN SELECT count(*) FROM search_storydocument d WHERE {search.where}"
    return "\n".join(row[0] for row in _fetch(sql, search.where_params))


def test_a_phrase_is_looked_up_by_its_pairs_and_a_phrase_without_pairs_by_its_words(section):
    add_story(section, "Railway news", body_text="The border railway reopens.")
    two_words = plan('"border railway"')
    # Two adjacent words: the pair alone finds exactly the stories holding them, without reading documents.
    assert "storydocument_pairs_gin" in two_words and "document @@" not in two_words
    longer = plan('"the border railway reopens"')
    assert "storydocument_pairs_gin" in longer and "(document @@ " in longer
    mixed = plan('reopens "border railway"')
    assert "storydocument_pairs_gin" in mixed and "document @@ " in mixed
    # No adjacent words: the phrase is checked on the documents alone.
    without_pairs = plan('"minister of trade"')
    assert "pairs" not in without_pairs and "storydocument_document_gin" in without_pairs


@pytest.mark.parametrize(
    "q, found",
    [
        ('"border railway"', ["Border railway reopens", "The railway border line"]),
        ('"railway reopens"', ["Border railway reopens"]),
        ('"the border railway reopens"', ["Border railway reopens"]),
        ('"railway border" line', ["The railway border line"]),
        ('"border railway" "railway line"', []),
        ('"minister of trade"', ["Minister of trade resigns"]),
        ('"railway"', ["Border railway reopens", "The railway border line", "Railway by the border"]),
    ],
)
def test_phrase_searches_find_exactly_the_stories_holding_the_phrase(client, section, q, found):
    add_story(section, "Border railway reopens", slug="a", body_text="Trains run again.", days_ago=1)
    add_story(section, "The railway border line", slug="b", body_text="Border railway checks.", days_ago=2)
    add_story(section, "Railway by the border", slug="c", body_text="Trade minister visits.", days_ago=3)
    add_story(section, "Minister of trade resigns", slug="d", body_text="Politics.", days_ago=4)
    assert sorted(headlines(client.get("/search/", {"q": q}))) == sorted(found)


def test_the_migration_fills_the_pairs_of_stories_indexed_before_it(client, section):
    add_story(section, "Railway news", body_text="The border railway reopens.")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_storydocument SET pairs = NULL")
    assert headlines(client.get("/search/", {"q": '"border railway"'})) == []
    migration = importlib.import_module("search.migrations.0004_story_word_pairs")
    with connection.cursor() as cursor:  # the stories just added are checked against their pages first
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as schema_editor:
        migration.forward(None, schema_editor)
    forget_story_results()  # as `migrate` does once it has run (search.signals)
    assert headlines(client.get("/search/", {"q": '"border railway"'})) == ["Railway news"]
    assert ArticlePage.objects.count() == 1
