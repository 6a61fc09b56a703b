"""SQL query budgets for search: the page whatever the number of results, and related lists when cached."""

import pytest
import wagtail_factories
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from news.models import ArticlePage
from search.templatetags import related_tags
from tests.search.conftest import add_story

pytestmark = pytest.mark.usefixtures("no_page_cache")

SEARCH_BUDGET = 12
RELATED_CACHED_EXTRA = 2


def populate(section, politics, count):
    images = [wagtail_factories.ImageFactory(title=f"Photo {i}") for i in range(min(count, 5))]
    for n in range(count):
        add_story(
            section if n % 2 else politics,
            f"Harbour report {n}",
            slug=f"harbour-{n}",
            hero_image=images[n % len(images)],
            tags=[f"tag-{t}" for t in range(3)],
            authors=[f"Writer {n}"],
        )


@pytest.mark.parametrize("count", [1, 25])
@pytest.mark.parametrize(
    "query",
    [
        {"q": "harbour"},
        {"q": "harbour report", "section": "politics", "from": "2000-01-01", "to": "2099-12-31", "sort": "newest"},
        {"q": "harbour", "page": "2"},
    ],
)
def test_search_page_within_budget(client, section, politics, article, django_assert_max_num_queries, count, query):
    populate(section, politics, count)
    SearchPromotion.objects.create(query=Query.get(query["q"]), page=article, sort_order=0)
    client.get("/search/", query)  # the first render creates renditions and warms lookups
    with django_assert_max_num_queries(SEARCH_BUDGET):
        response = client.get("/search/", query)
    assert response.status_code == 200


def test_first_ever_search_for_a_query_is_within_budget(client, section, politics, django_assert_max_num_queries):
    populate(section, politics, 3)
    client.get("/search/", {"q": "report"})  # the same stories: creates their renditions
    with django_assert_max_num_queries(SEARCH_BUDGET):
        assert client.get("/search/", {"q": "harbour"}).status_code == 200


def test_cached_related_list_adds_at_most_two_queries_to_the_article_page(
    client, section, politics, django_assert_num_queries, monkeypatch
):
    populate(section, politics, 12)
    story = ArticlePage.objects.get(slug="harbour-1")
    client.get(story.url)  # computes and caches the related list, creates renditions

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as with_related:
        response = client.get(story.url)
    assert response.context["related_articles"]

    monkeypatch.setattr(related_tags, "related_articles", lambda article: [])
    with CaptureQueriesContext(connection) as without_related:
        client.get(story.url)
    assert len(with_related) - len(without_related) <= RELATED_CACHED_EXTRA
