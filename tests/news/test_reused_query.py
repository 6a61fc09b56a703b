"""news.models.articles.ReusedQuery: a query compiled once and run again with other values gives Django's own rows."""

import pytest

from news.models import ArticlePage
from news.models.articles import ReusedQuery
from tests.factories import ArticlePageFactory, publish


def headline_and_date(slug):
    return ArticlePage.objects.filter(slug=slug).values_list("pk", "title", "display_date")


def test_each_run_reads_the_rows_of_its_own_values(section):
    ferry = publish(ArticlePageFactory(parent=section, title="Ferry returns", slug="ferry"))
    bridge = publish(ArticlePageFactory(parent=section, title="Bridge reopens", slug="bridge"))
    query = ReusedQuery(headline_and_date, "\x00slug\x00")
    for _ in range(2):
        for story in (ferry, bridge):
            rows = query.rows(story.slug)
            assert rows == list(headline_and_date(story.slug))
            assert rows[0][:2] == (story.pk, story.title)
    assert query.rows("nowhere") == []


def test_a_stand_in_that_the_compiled_query_changes_is_refused(db):
    query = ReusedQuery(lambda path: ArticlePage.objects.filter(path__startswith=path).values_list("pk"), "\x00path")
    with pytest.raises(ValueError, match="stand-in"):
        query.rows("0001")
