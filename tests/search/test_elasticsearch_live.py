"""The search and related-articles specifications again, against a real Elasticsearch cluster.

Runs only when ELASTICSEARCH_URL points at a cluster (version 9), e.g.

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/pytest -m elasticsearch_live

Each test builds its own index (prefix `masthead_test_<random>_`) and deletes it afterwards.
"""

import os
import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from news.models import ArticlePage
from search.fallback import is_elasticsearch, search_backend
from search.related import find_related, more_like_this_ids
from tests.factories import ArticlePageFactory
from tests.search.conftest import add_story

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "").strip()

pytestmark = [
    pytest.mark.elasticsearch_live,
    pytest.mark.skipif(
        not ELASTICSEARCH_URL,
        reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to run the live search suite against",
    ),
]


@pytest.fixture
def live_elasticsearch(settings, db):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [u.strip() for u in ELASTICSEARCH_URL.split(",") if u.strip()],
            "INDEX_PREFIX": f"masthead_test_{uuid.uuid4().hex[:8]}_",
            "TIMEOUT": 10,
        },
        "database": settings.DATABASE_SEARCH_BACKEND,
    }
    backend = search_backend()
    assert is_elasticsearch(backend)
    yield backend
    for index in backend.es.indices.get(index=f"{settings.WAGTAILSEARCH_BACKENDS['default']['INDEX_PREFIX']}*"):
        backend.es.indices.delete(index=index)


def rebuild(backend):
    """Index everything, as `update_index --backend default` does, and make it searchable at once."""
    call_command("update_index", backend_name="default", stdout=open(os.devnull, "w"))
    backend.get_index_for_model(ArticlePage).refresh()


def headlines(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".search-result__headline a")]


@pytest.fixture
def newsroom(section, politics):
    return {
        "ferry": add_story(
            section,
            "Ferry crossing delayed by storm",
            slug="ferry-delayed",
            dek="Islanders wait for news.",
            body_text="The lighthouse keeper raised the alarm.",
            tags=["transport", "storms"],
            authors=["Ines Valgarde"],
            days_ago=3,
        ),
        "storm": add_story(
            section,
            "Storm closes ferry crossing",
            slug="storm-closes",
            body_text="Ferry services stopped as the storm reached the coast.",
            tags=["transport", "storms"],
            days_ago=2,
        ),
        "budget": add_story(politics, "Budget vote at home", slug="budget-vote", tags=["budget"], days_ago=1),
    }


@pytest.mark.parametrize(
    "words",
    ["ferry", "islanders", "lighthouse", "transport", "Valgarde", "world"],
)
def test_search_finds_a_story_by_each_indexed_field(client, live_elasticsearch, newsroom, words):
    rebuild(live_elasticsearch)
    assert "Ferry crossing delayed by storm" in headlines(client.get("/search/", {"q": words}))


def test_filters_sort_and_count(client, live_elasticsearch, newsroom):
    rebuild(live_elasticsearch)
    assert headlines(client.get("/search/", {"q": "ferry", "sort": "newest"})) == [
        "Storm closes ferry crossing",
        "Ferry crossing delayed by storm",
    ]
    assert headlines(client.get("/search/", {"q": "budget", "section": "world-news"})) == []
    response = client.get("/search/", {"q": "budget", "section": "politics"})
    assert headlines(response) == ["Budget vote at home"]
    assert "1 story for “budget” in Politics" in response.content.decode()


def test_drafts_and_unpublished_stories_never_appear(client, live_elasticsearch, newsroom, section):
    ArticlePageFactory(parent=section, title="Ferry draft", slug="ferry-draft", live=False)
    newsroom["storm"].unpublish()
    rebuild(live_elasticsearch)
    assert headlines(client.get("/search/", {"q": "ferry"})) == ["Ferry crossing delayed by storm"]


def test_suggestions_come_from_the_edgengrams(client, live_elasticsearch, newsroom):
    rebuild(live_elasticsearch)
    titles = [s["title"] for s in client.get("/search/suggest/", {"q": "ferr"}).json()["suggestions"]]
    assert titles == ["Ferry crossing delayed by storm"]


def test_more_like_this_ranks_the_closest_story_first_and_never_the_story_itself(live_elasticsearch, newsroom):
    rebuild(live_elasticsearch)
    ids = more_like_this_ids(live_elasticsearch, newsroom["ferry"], size=10)
    assert newsroom["ferry"].pk not in ids
    assert ids[0] == newsroom["storm"].pk
    related = find_related(newsroom["ferry"])
    assert [s.title for s in related][0] == "Storm closes ferry crossing"
    assert "Ferry crossing delayed by storm" not in [s.title for s in related]


def test_a_newly_published_story_is_found_once_indexed(client, live_elasticsearch, newsroom, section):
    rebuild(live_elasticsearch)
    add_story(section, "Harbour reopens after the storm", slug="harbour-reopens", tags=["storms"])
    live_elasticsearch.get_index_for_model(ArticlePage).refresh()
    assert headlines(client.get("/search/", {"q": "harbour"})) == ["Harbour reopens after the storm"]
