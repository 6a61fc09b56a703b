"""The comment rules every story page reads are kept in the cache, and never shown stale."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reader_comments.models import CommentSettings


def test_story_pages_after_the_first_do_not_read_the_comment_rules(client, article, comment_settings):
    client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.url).status_code == 200
    assert not [q for q in queries.captured_queries if "reader_comments_commentsettings" in q["sql"]]


def a_week_old(article):
    article.display_date = timezone.now() - timedelta(days=7)
    article.save(update_fields=["display_date"])


def test_comments_closed_in_the_settings_are_closed_on_the_next_page(client, article, comment_settings):
    a_week_old(article)
    assert "Comments are closed" not in client.get(article.url).text
    settings = CommentSettings.load()
    settings.close_after_days = 1
    settings.save()
    assert "Comments are closed on this story." in client.get(article.url).text


def test_deleted_settings_are_read_again_with_their_defaults(client, article, comment_settings):
    a_week_old(article)
    comment_settings.close_after_days = 1
    comment_settings.save()
    assert "Comments are closed on this story." in client.get(article.url).text
    CommentSettings.objects.all().delete()
    assert "Comments are closed" not in client.get(article.url).text
