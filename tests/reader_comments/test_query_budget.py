"""The story page stays within its SQL budget however many comments it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reader_comments.models import Comment
from tests.news.test_query_budgets import ARTICLE_BUDGET
from tests.reader_comments.conftest import make_comment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("no_page_cache"),
]


def add_comments(article, count):
    for n in range(count):
        parent = make_comment(article, name=f"Reader {n}", text=f"Comment {n} https://example.org/{n}")
        make_comment(article, name=f"Replier {n}", text=f"Reply {n}", parent=parent)
        make_comment(article, status=Comment.Status.PENDING)


def queries_for(client, url):
    client.get(url)  # warms the lookups a running site keeps cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_comment_list_is_a_fixed_number_of_queries_within_the_article_budget(client, article):
    add_comments(article, 1)
    with_two, response = queries_for(client, article.url)
    assert "2 Comments" in response.content.decode()

    add_comments(article, 40)
    with_eighty_two, response = queries_for(client, article.url)
    assert "82 Comments" in response.content.decode()

    assert with_eighty_two == with_two
    assert with_eighty_two <= ARTICLE_BUDGET
    print(f"article page with 82 comments: {with_eighty_two} queries (budget {ARTICLE_BUDGET})")
