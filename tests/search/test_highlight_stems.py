"""A searched word is marked wherever it starts a word: "flood" marks "floods" and "Flooding", whole."""

from bs4 import BeautifulSoup

from search.highlight import excerpt, highlight
from tests.factories import ArticlePageFactory
from tests.search.conftest import add_story


def marked(html):
    return [mark.get_text() for mark in BeautifulSoup(html, "html.parser").select("mark")]


def test_a_searched_word_marks_the_whole_longer_word_it_starts():
    html = highlight("Floods close the road; flooding and the flood plain", ["flood"])
    assert html == "<mark>Floods</mark> close the road; <mark>flooding</mark> and the <mark>flood</mark> plain"


def test_a_searched_word_does_not_mark_a_word_it_only_ends_or_sits_inside():
    assert marked(highlight("Bloodflood reports and floodwater", ["flood"])) == ["floodwater"]


def test_the_excerpt_marks_the_longer_word_it_found():
    story = ArticlePageFactory.build(
        dek="The council met on Tuesday.",
        body=[{"type": "paragraph", "value": "<p>Floods closed the coast road for a week.</p>"}],
    )
    assert marked(excerpt(story, ["flood"])) == ["Floods"]


def test_search_results_mark_floods_for_a_search_for_flood(client, section):
    add_story(
        section,
        "Floods close the coast road",
        body_text="The flood reached the harbour wall on Monday.",
        slug="floods-close-road",
    )
    soup = BeautifulSoup(client.get("/search/", {"q": "flood"}).content, "html.parser")
    assert [mark.get_text() for mark in soup.select(".search-result__headline mark")] == ["Floods"]
