"""/search/suggest/: headlines for the search box, as small JSON that caches can keep."""

import pytest

from search.views import SUGGESTION_COUNT
from tests.factories import ArticlePageFactory
from tests.search.conftest import add_story


@pytest.fixture
def harbour_stories(section):
    return [
        add_story(section, "Harbour council approves ferry", slug="harbour-ferry"),
        add_story(section, "Harbourmaster retires after forty years", slug="harbourmaster"),
        add_story(section, "Rail strike ends", slug="rail-strike"),
    ]


def suggest(client, q):
    response = client.get("/search/suggest/", {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response


def test_suggestions_are_headlines_starting_with_the_last_word_typed(client, harbour_stories):
    data = suggest(client, "harb").json()
    assert data["query"] == "harb"
    assert sorted(s["title"] for s in data["suggestions"]) == [
        "Harbour council approves ferry",
        "Harbourmaster retires after forty years",
    ]
    assert {s["url"] for s in data["suggestions"]} == {"/world-news/harbour-ferry/", "/world-news/harbourmaster/"}


def test_earlier_words_must_match_whole(client, harbour_stories):
    titles = [s["title"] for s in suggest(client, "council fer").json()["suggestions"]]
    assert titles == ["Harbour council approves ferry"]


def test_suggestions_are_few_and_carry_only_headline_and_address(client, section):
    for n in range(SUGGESTION_COUNT + 4):
        add_story(section, f"Budget day {n}", slug=f"budget-{n}")
    suggestions = suggest(client, "budg").json()["suggestions"]
    assert len(suggestions) == SUGGESTION_COUNT
    assert all(set(s) == {"title", "url"} for s in suggestions)


def test_suggestions_may_be_cached_by_browsers_and_cdns(client, harbour_stories):
    response = suggest(client, "harb")
    assert "public" in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_suggestions_may_be_cached_and_name_the_stories_they_suggest(client, harbour_stories):
    response = suggest(client, "harb")
    assert "public" in response["Cache-Control"]
    assert set(response["Surrogate-Key"].split()) == {f"story-{story.pk}" for story in harbour_stories[:2]}
    assert all(set(item) == {"title", "url"} for item in response.json()["suggestions"])


def test_drafts_and_unpublished_stories_are_never_suggested(client, section):
    ArticlePageFactory(parent=section, title="Harbour draft", slug="harbour-draft", live=False)
    add_story(section, "Harbour withdrawn", slug="harbour-withdrawn").unpublish()
    assert suggest(client, "harb").json()["suggestions"] == []


@pytest.mark.parametrize("q", ["", "   ", "h", "%%%", "\x00\x01", "AND", "(((", "x" * 5000])
def test_short_empty_or_junk_input_gives_an_empty_list(client, harbour_stories, q):
    data = suggest(client, q).json()
    assert data["suggestions"] == []


def test_overlong_input_is_cut_before_searching(client, harbour_stories):
    data = suggest(client, "harb " + "a" * 200).json()
    assert len(data["query"]) <= 60


def test_suggest_refuses_posts(client, db):
    assert client.post("/search/suggest/", {"q": "harb"}).status_code == 405


def test_suggestions_list_the_newest_matching_headlines_first(client, section):
    add_story(section, "Harbour old", slug="harbour-old", days_ago=30)
    add_story(section, "Harbour new", slug="harbour-new", days_ago=1)
    add_story(section, "Harbour middle", slug="harbour-middle", days_ago=10)
    titles = [s["title"] for s in suggest(client, "harb").json()["suggestions"]]
    assert titles == ["Harbour new", "Harbour middle", "Harbour old"]
