"""Elasticsearch without a server: the index mapping, the documents and the queries we send.

The ES9 backend builds mappings and compiles queries without connecting, so
these run anywhere. "Unreachable" is a closed local port: the client's
connection is refused at once, as it would be by a cluster that is down.
"""

import logging

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import override_settings
from wagtail.models import PageViewRestriction

from news.models import ArticlePage
from search.fallback import ELASTICSEARCH_DOWN_KEY, is_elasticsearch, search_backend
from search.params import ReaderQuery, SearchParams
from search.related import find_related, more_like_this_body, related_articles
from tests.factories import SectionPageFactory, publish
from tests.search.conftest import add_story

UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens there

ELASTICSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.elasticsearch9",
        "URLS": [UNREACHABLE],
        "INDEX_PREFIX": "masthead_test_",
        "TIMEOUT": 1,
        "OPTIONS": {"max_retries": 0},
    },
    "database": django_settings.DATABASE_SEARCH_BACKEND,
}


@pytest.fixture
def elasticsearch(settings, db):
    """The ES9 backend as "default" with the database backend beside it, as settings build it for ELASTICSEARCH_URL."""
    settings.WAGTAILSEARCH_BACKENDS = ELASTICSEARCH_BACKENDS
    backend = search_backend()
    assert is_elasticsearch(backend)
    return backend


@pytest.fixture
def ferry_story(section):
    return add_story(
        section,
        "Ferry crossing delayed by storm",
        slug="ferry-delayed",
        dek="Islanders wait for news.",
        body_text="The lighthouse keeper raised the alarm.",
        tags=["transport", "storms"],
        authors=["Ines Valgarde"],
    )


def headlines(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".search-result__headline a")]


def field_names(mapping):
    return mapping.get_mapping()["properties"]


def test_settings_choose_elasticsearch_when_a_url_is_set_and_the_database_otherwise(monkeypatch):
    import importlib

    import website.settings.base as base

    try:
        monkeypatch.setenv("ELASTICSEARCH_URL", "http://search-1:9200, http://search-2:9200")
        monkeypatch.setenv("ELASTICSEARCH_INDEX_PREFIX", "news_")
        monkeypatch.setenv("ELASTICSEARCH_TIMEOUT", "3")
        monkeypatch.setenv("SEARCH_TEXT_CONFIG", "simple")
        with_url = importlib.reload(base).WAGTAILSEARCH_BACKENDS
        monkeypatch.delenv("ELASTICSEARCH_URL")
        monkeypatch.delenv("SEARCH_TEXT_CONFIG")
        without_url = importlib.reload(base).WAGTAILSEARCH_BACKENDS
    finally:
        monkeypatch.undo()
        importlib.reload(base)
    assert with_url["default"]["BACKEND"] == "wagtail.search.backends.elasticsearch9"
    assert with_url["default"]["URLS"] == ["http://search-1:9200", "http://search-2:9200"]
    assert with_url["default"]["INDEX_PREFIX"] == "news_"
    assert with_url["default"]["TIMEOUT"] == 3
    assert with_url["database"] == {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
    assert without_url == {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}}


def test_mapping_boosts_and_autocompletes_the_headline(elasticsearch):
    properties = field_names(elasticsearch.mapping_class(ArticlePage))
    assert properties["title"] == {"type": "text", "copy_to": ["_all_text", "_all_text_boost_2_0"]}
    assert properties["title_edgengrams"]["analyzer"] == "edgengram_analyzer"
    assert properties["_all_text_boost_2_0"] == {"type": "text"}


def test_mapping_has_every_searched_field_as_text(elasticsearch):
    properties = field_names(elasticsearch.mapping_class(ArticlePage))
    for name in ("dek", "body", "tag_names", "section_title"):
        assert properties[f"news_articlepage__{name}"] == {"type": "text", "copy_to": "_all_text"}
    author = properties["news_articlepage__authors"]["properties"]["author"]["properties"]["name"]
    assert author == {"type": "text", "copy_to": "_all_text"}


def test_mapping_has_the_filter_fields(elasticsearch):
    properties = field_names(elasticsearch.mapping_class(ArticlePage))
    assert properties["news_articlepage__section_id_filter"] == {"type": "integer"}
    assert properties["news_articlepage__featured_filter"] == {"type": "boolean"}
    assert properties["news_articlepage__origin_filter"] == {"type": "keyword"}
    assert properties["news_articlepage__partner_id_filter"] == {"type": "long"}
    assert properties["news_articlepage__display_date_filter"] == {"type": "date"}
    assert properties["first_published_at_filter"] == {"type": "date"}
    assert properties["live_filter"] == {"type": "boolean"}


def test_document_carries_tags_section_and_authors_as_text(elasticsearch, ferry_story, django_assert_max_num_queries):
    mapping = elasticsearch.mapping_class(ArticlePage)
    with django_assert_max_num_queries(4):  # stories, tags, author links with authors: whatever the count
        story = ArticlePage.get_indexed_objects().get(pk=ferry_story.pk)
        document = mapping.get_document(story)
    assert document["title"] == "Ferry crossing delayed by storm"
    assert sorted(document["news_articlepage__tag_names"].split()) == ["storms", "transport"]
    assert document["news_articlepage__section_title"] == "World News"
    assert document["news_articlepage__authors"] == [{"author": {"name": "Ines Valgarde"}}]
    assert document["news_articlepage__body"] == ["The lighthouse keeper raised the alarm."]
    assert document["_edgengrams"] == ["Ferry crossing delayed by storm"]


def test_reader_search_compiles_to_all_words_plus_phrase_over_all_text(elasticsearch, section):
    query = ReaderQuery.parse('ferry the storm "lighthouse keeper"').as_search_query()
    compiled = elasticsearch.search(query, ArticlePage.objects.cards()).query_compiler.get_query()
    plain, boosted = compiled["bool"]["must"]["dis_max"]["queries"]
    assert plain["bool"]["must"] == [
        {"match": {"_all_text": {"query": "ferry storm", "operator": "and"}}},
        {"match_phrase": {"_all_text": "lighthouse keeper"}},
    ]
    assert boosted["bool"]["must"][0]["match"]["_all_text_boost_2_0"]["boost"] == 2.0
    assert {"match": {"_django_content_type": "news.ArticlePage"}} in compiled["bool"]["filter"]


def leaves(filters):
    """The single-field filters inside a compiled filter list, however they are nested in bool clauses."""
    found = []
    for item in filters if isinstance(filters, list) else [filters]:
        if "bool" in item:
            for clause in item["bool"].values():
                found += leaves(clause)
        else:
            found.append(item)
    return found


def test_section_date_and_privacy_filters_compile_to_index_filters(elasticsearch, section, home):
    members = publish(SectionPageFactory(parent=home, title="Members", slug="members"))
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    params = SearchParams({"q": "ferry", "from": "2024-03-01", "to": "2024-03-31"}, [])
    params.section = section
    stories = params.filter_stories(ArticlePage.objects.cards())
    compiled = elasticsearch.search("ferry", stories).query_compiler.get_query()
    filters = leaves(compiled["bool"]["filter"])
    assert {"term": {"live_filter": True}} in filters
    assert {"term": {"news_articlepage__section_id_filter": section.pk}} in filters
    dates = [f["range"]["news_articlepage__display_date_filter"] for f in filters if "range" in f]
    assert sorted((op, value.isoformat()) for d in dates for op, value in d.items()) == [
        ("gte", "2024-03-01T00:00:00+00:00"),  # days in the newsroom's zone (Europe/London: GMT, then BST)
        ("lt", "2024-04-01T00:00:00+01:00"),
    ]
    assert {"prefix": {"path_filter": members.path}} in filters


def test_newest_first_sorts_on_the_display_date_filter_field(elasticsearch):
    stories = ArticlePage.objects.cards().order_by("-display_date", "-id")
    compiler = elasticsearch.search("ferry", stories, order_by_relevance=False).query_compiler
    assert compiler.get_sort() == [{"news_articlepage__display_date_filter": "desc"}, {"id_filter": "desc"}]


def test_suggestions_compile_to_an_edgengram_match(elasticsearch):
    compiled = elasticsearch.autocomplete("harb", ArticlePage.objects.readable()).query_compiler.get_query()
    assert compiled["bool"]["must"] == {"match": {"_edgengrams": {"query": "harb"}}}
    assert {"term": {"live_filter": True}} in compiled["bool"]["filter"]


def test_more_like_this_compares_headline_body_and_tags_of_live_public_others(elasticsearch, ferry_story, home):
    members = publish(SectionPageFactory(parent=home, title="Members", slug="members"))
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    body = more_like_this_body(elasticsearch, ferry_story, size=12)
    query = body["query"]["bool"]
    like = query["must"]["more_like_this"]
    assert like["fields"] == ["title", "news_articlepage__body", "news_articlepage__tag_names"]
    assert like["like"] == [{"_index": "masthead_test_wagtailcore_page", "_id": str(ferry_story.pk)}]
    assert query["filter"] == [
        {"match": {"_django_content_type": "news.ArticlePage"}},
        {"term": {"live_filter": True}},
    ]
    assert query["must_not"] == [{"term": {"pk": str(ferry_story.pk)}}, {"prefix": {"path_filter": members.path}}]
    assert body["size"] == 12


def test_search_page_answers_from_the_database_when_elasticsearch_is_unreachable(
    client, elasticsearch, ferry_story, caplog
):
    with caplog.at_level(logging.WARNING, logger="masthead.search"):
        response = client.get("/search/", {"q": "ferry"})
    assert response.status_code == 200
    assert headlines(response) == ["Ferry crossing delayed by storm"]
    assert "1 story for “ferry”" in response.content.decode()
    assert any("Elasticsearch unavailable for reader search" in r.getMessage() for r in caplog.records)


def test_after_an_outage_readers_skip_elasticsearch_for_the_retry_window(client, elasticsearch, ferry_story, caplog):
    client.get("/search/", {"q": "ferry"})
    assert cache.get(ELASTICSEARCH_DOWN_KEY)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="masthead.search"):
        response = client.get("/search/", {"q": "storm"})
    assert headlines(response) == ["Ferry crossing delayed by storm"]
    assert not [r for r in caplog.records if "Elasticsearch" in r.getMessage()]


def test_related_list_falls_back_to_the_database_and_the_page_renders(client, elasticsearch, ferry_story, section):
    add_story(section, "Storm closes the crossing", slug="storm-closes", tags=["storms"])
    assert [s.title for s in find_related(ferry_story)] == ["Storm closes the crossing"]
    response = client.get(ferry_story.url)
    assert response.status_code == 200
    assert "Storm closes the crossing" in response.content.decode()
    assert [s.title for s in related_articles(ferry_story)] == ["Storm closes the crossing"]


def test_suggestions_fall_back_to_the_database(client, elasticsearch, ferry_story):
    data = client.get("/search/suggest/", {"q": "ferr"}).json()
    assert [s["title"] for s in data["suggestions"]] == ["Ferry crossing delayed by storm"]


def test_publishing_succeeds_while_elasticsearch_is_unreachable(client, elasticsearch, section, caplog):
    story = add_story(section, "Written during the outage", slug="outage")
    assert ArticlePage.objects.get(pk=story.pk).live
    assert headlines(client.get("/search/", {"q": "outage"})) == ["Written during the outage"]


@override_settings(WAGTAILSEARCH_BACKENDS=ELASTICSEARCH_BACKENDS)
def test_a_refused_query_is_answered_from_the_database_without_a_retry_window(ferry_story, caplog):
    from elasticsearch import BadRequestError

    from search.fallback import run_with_fallback

    class Meta:
        status = 400

    def refuse_on_elasticsearch(backend):
        if is_elasticsearch(backend):
            raise BadRequestError("parsing_exception", Meta(), {})
        return [s.title for s in backend.search("ferry", ArticlePage.objects.cards())]

    with caplog.at_level(logging.WARNING, logger="masthead.search"):
        assert run_with_fallback(refuse_on_elasticsearch, "reader search") == ["Ferry crossing delayed by storm"]
    assert "Elasticsearch refused reader search" in caplog.text
    assert not cache.get(ELASTICSEARCH_DOWN_KEY)
