"""The PostgreSQL reader-search table (search_storydocument) follows every change Wagtail's index sees.

Reader search on PostgreSQL reads this table (search.database_backend), so a
story must be found there as soon as it is published and never once it is
unpublished, deleted, moved into a restricted area or out of a section.
The search page tests in this folder run against it on PostgreSQL too.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from wagtail.models import PageViewRestriction

from news.models import ArticlePage
from search.backends import search_backend
from search.database_backend import StoryPostgresSearchBackend
from search.models import StoryDocument
from tests.factories import SectionPageFactory, publish
from tests.search.conftest import add_story

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="search_storydocument is written and read on PostgreSQL only"
)


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def headlines(client, **params):
    soup = BeautifulSoup(client.get("/search/", params).content, "html.parser")
    return [a.get_text() for a in soup.select(".search-result__headline a")]


def test_the_default_backend_is_wagtails_database_backend_with_the_story_table_only_on_postgresql(db):
    backend = search_backend()
    assert isinstance(backend, StoryPostgresSearchBackend) == (connection.vendor == "postgresql")
    if connection.vendor == "sqlite":
        assert type(backend).__module__ == "modelsearch.backends.database.sqlite.sqlite"


@postgres_only
def test_publishing_writes_the_story_document_with_its_filters(section):
    story = add_story(section, "Harbour ferry returns", tags=["coast"], authors=["Ana Ruiz"])
    document = StoryDocument.objects.get(pk=story.pk)
    assert document.live is True
    assert document.path == story.path
    assert document.section_id == section.pk
    assert document.display_date == story.display_date
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT document @@ to_tsquery('english', 'ferry'), document @@ to_tsquery('english', 'coast'), "
            "document @@ to_tsquery('english', 'ruiz') FROM search_storydocument WHERE page_id = %s",
            [story.pk],
        )
        assert cursor.fetchone() == (True, True, True)


@postgres_only
def test_a_draft_edit_does_not_change_what_readers_find(client, section):
    story = add_story(section, "Harbour ferry returns")
    story.title = "Glacier retreat measured"
    story.save_revision()
    assert headlines(client, q="harbour") == ["Harbour ferry returns"]
    assert headlines(client, q="glacier") == []


@postgres_only
def test_unpublishing_and_deleting_take_the_story_out(client, section):
    story = add_story(section, "Harbour ferry returns")
    story.unpublish()
    assert StoryDocument.objects.get(pk=story.pk).live is False
    assert headlines(client, q="harbour") == []
    ArticlePage.objects.get(pk=story.pk).delete()
    assert not StoryDocument.objects.filter(pk=story.pk).exists()


@postgres_only
def test_moving_a_section_under_a_restricted_page_hides_its_stories(client, home, section):
    story = add_story(section, "Harbour ferry returns")
    members = publish(SectionPageFactory(parent=home, title="Members", slug="members"))
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    section.move(members, pos="last-child")
    story.refresh_from_db()
    assert StoryDocument.objects.get(pk=story.pk).path == story.path
    assert headlines(client, q="harbour") == []


@postgres_only
def test_a_story_moved_to_another_section_is_filtered_by_its_new_section(client, home, section, politics):
    story = add_story(section, "Harbour ferry returns")
    ArticlePage.objects.get(pk=story.pk).move(politics, pos="last-child")
    assert StoryDocument.objects.get(pk=story.pk).section_id == politics.pk
    assert headlines(client, q="harbour", section="politics") == ["Harbour ferry returns"]
    assert headlines(client, q="harbour", section="world-news") == []


@postgres_only
def test_rebuilding_the_index_rewrites_every_story_document(section):
    stories = [add_story(section, f"Harbour report {n}", slug=f"harbour-{n}") for n in range(3)]
    StoryDocument.objects.all().delete()
    call_command("update_index", backend_name="default", verbosity=0)
    assert set(StoryDocument.objects.values_list("pk", flat=True)) == {s.pk for s in stories}
