"""Whatever lands in /search/'s address, the reader gets a clear page, never an error."""

import pytest
from bs4 import BeautifulSoup

from search.params import MAX_QUERY_LENGTH
from tests.search.conftest import add_story


@pytest.fixture
def flood_story(section):
    return add_story(section, "Flood defences hold in Portmerrow", slug="flood-defences")


def page(client, query_string):
    response = client.get("/search/?" + query_string)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def notices(soup):
    return [p.get_text() for p in soup.select(".search-notices p")]


def found(soup):
    return [a.get_text() for a in soup.select(".search-result__headline a")]


@pytest.mark.parametrize("query_string", ["", "q=", "q=%20%20%20", "q=%09%0A"])
def test_empty_or_whitespace_query_invites_a_search(client, db, query_string):
    soup = page(client, query_string)
    assert "Type a word or two into the search box" in soup.get_text()
    assert notices(soup) == []


def test_overlong_query_is_shortened_and_the_reader_told(client, flood_story):
    soup = page(client, "q=" + "flood " * 200)
    assert notices(soup) == [
        f"Your search was longer than {MAX_QUERY_LENGTH} characters, so we searched for its beginning only."
    ]
    assert found(soup) == ["Flood defences hold in Portmerrow"]
    assert len(soup.select_one("#search-q")["value"]) <= MAX_QUERY_LENGTH


def test_overlong_single_word_gives_no_results_page(client, flood_story):
    soup = page(client, "q=" + "x" * 5000)
    assert "No stories match" in soup.get_text()
    assert notices(soup)[0].startswith("Your search was longer than")


@pytest.mark.parametrize("raw", ["%FF%FE%00", "%00%01%02", "%ED%A0%80"])
def test_binary_query_is_told_it_could_not_be_read(client, db, raw):
    soup = page(client, "q=" + raw)
    assert "Some characters in your search could not be read and were left out." in notices(soup)
    assert "Your search had no words we could look for." in soup.get_text()


def test_binary_bytes_around_words_still_search_the_words(client, flood_story):
    soup = page(client, "q=flood%00%FF")
    assert found(soup) == ["Flood defences hold in Portmerrow"]


@pytest.mark.parametrize(
    "query",
    [
        "flood AND (defences OR",
        "title:flood^3",
        "flood* ~2",
        'flood NEAR/2 "defences',
        "{flood} [defences] \\ / |",
        "flood -defences +hold",
        "flood' OR '1'='1",
    ],
)
def test_search_syntax_is_dropped_and_the_words_searched(client, flood_story, query):
    soup = page(client, "q=" + query.replace("&", "%26").replace("+", "%2B").replace("#", "%23"))
    assert "Search operators and symbols are not supported, so we searched for the words only." in notices(soup)
    assert soup.select_one(".search-count") is not None


def test_query_of_symbols_only_has_nothing_to_search(client, db):
    soup = page(client, "q=%28%29%2A%5E%7E%3A")
    assert "Your search had no words we could look for." in soup.get_text()


def test_unknown_section_searches_every_section(client, flood_story):
    soup = page(client, "q=flood&section=no-such-section")
    assert notices(soup) == ["We have no section by that name, so we searched every section."]
    assert found(soup) == ["Flood defences hold in Portmerrow"]


@pytest.mark.parametrize("param", ["from", "to"])
@pytest.mark.parametrize("junk", ["yesterday", "2024-13-45", "0001-01-01", "9999-12-31", "%00", "2024-02-30"])
def test_junk_dates_are_ignored_with_a_notice(client, flood_story, param, junk):
    soup = page(client, f"q=flood&{param}={junk}")
    assert notices(soup) == [f"The “{param}” date was not a date we understand (use YYYY-MM-DD), so we ignored it."]
    assert found(soup) == ["Flood defences hold in Portmerrow"]


def test_dates_the_wrong_way_round_are_swapped(client, flood_story):
    soup = page(client, "q=flood&from=2099-01-01&to=2000-01-01")
    assert notices(soup) == ["The dates were the wrong way round, so we swapped them."]
    assert found(soup) == ["Flood defences hold in Portmerrow"]


def test_unknown_sort_uses_relevance(client, flood_story):
    soup = page(client, "q=flood&sort=oldest")
    assert notices(soup) == ["We can sort by relevance or by newest first; we used relevance."]
    assert found(soup) == ["Flood defences hold in Portmerrow"]


@pytest.mark.parametrize("junk", ["0", "-3", "abc", "99999999999999", "1e9", "%00"])
def test_junk_page_numbers_give_a_page_of_results(client, flood_story, junk):
    soup = page(client, f"q=flood&page={junk}")
    assert found(soup) == ["Flood defences hold in Portmerrow"]


def test_repeated_and_unknown_parameters_are_harmless(client, flood_story):
    soup = page(client, "q=flood&q=other&colour=blue&section=&section=world-news")
    assert soup.select_one(".search-count") is not None


def test_search_page_refuses_posts_without_an_error_page(client, db):
    assert client.post("/search/", {"q": "flood"}).status_code == 405


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ('"flood defences"', ["Flood defences hold in Portmerrow"]),
        ('"Flood   DEFENCES"', ["Flood defences hold in Portmerrow"]),
        ('"flood-defences hold"', ["Flood defences hold in Portmerrow"]),
        ('"defences flood"', []),
        ('"flood"', ["Flood defences hold in Portmerrow"]),
        ('"the of and"', []),
        ("\"o'brien's \\\\ flood\"", []),
        ('"ünïcödé wörds ☂"', []),
        # Cut at 200 characters, the phrase loses its closing quote: its words are searched.
        ('"' + "flood defences " * 20 + '"', ["Flood defences hold in Portmerrow"]),
        ('"flood defences" "hold in portmerrow"', ["Flood defences hold in Portmerrow"]),
        ('""', []),
    ],
)
def test_odd_phrases_give_a_page_of_what_they_match(client, flood_story, phrase, expected):
    from urllib.parse import quote

    assert found(page(client, "q=" + quote(phrase))) == expected
