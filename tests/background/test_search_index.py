"""Publishing never waits on the search engine: index writes are queued and written by a worker."""

import time

from django.conf import settings
from django_tasks_db.models import DBTaskResult

from news.models import ArticlePage
from tests.background_work import run_worker
from tests.factories import ArticlePageFactory
from tests.news.workflow_fixtures import PUBLISH, edit_url, story_form


def elasticsearch_at(url):
    return {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [url],
            "INDEX_PREFIX": "masthead_test_",
            "TIMEOUT": 5,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        },
        "database": settings.DATABASE_SEARCH_BACKEND,
    }


def queued_index_writes():
    return DBTaskResult.objects.filter(task_path="background.search_index.write_index_entry", status="READY")


def test_publishing_with_a_hung_elasticsearch_answers_at_once_and_the_story_is_found_once_indexed(
    reviewer_client, section, settings, silent_server, database_queue, django_capture_on_commit_callbacks
):
    story = ArticlePageFactory(parent=section, title="Draft", slug="bridge-reopens", live=False)
    hung_url, connections = silent_server
    settings.WAGTAILSEARCH_BACKENDS = elasticsearch_at(hung_url)

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(
            edit_url(story), {**story_form(title="Lighthouse keepers return to Skerry Point"), **PUBLISH}
        )
    elapsed = time.monotonic() - started

    assert response.status_code == 302, response.content[:2000]
    assert elapsed < 2, f"publishing took {elapsed:.1f} s with Elasticsearch hung"
    story.refresh_from_db()
    assert story.live
    assert not connections, "the request itself never talked to Elasticsearch"
    queued = queued_index_writes()
    assert {row.args_kwargs["args"][0] for row in queued} == {"default", "database"}
    assert all(row.args_kwargs["args"][3] == str(story.pk) for row in queued)

    # The cluster is replaced by a reachable backend; the worker writes the queued entries.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": settings.DATABASE_SEARCH_BACKEND,
        "database": settings.DATABASE_SEARCH_BACKEND,
    }
    assert not ArticlePage.objects.live().search("lighthouse").results()
    run_worker()

    assert not queued_index_writes().exists()
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    assert [s.pk for s in ArticlePage.objects.live().search("lighthouse")] == [story.pk]
