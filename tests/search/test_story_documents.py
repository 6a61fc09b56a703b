"""What reader search finds follows every change to a story, and never shows a draft or a restricted story.

On PostgreSQL reader search reads each story's document (search.documents,
search.reader_search); elsewhere Wagtail's database backend. The behaviour
tests here run on both databases; the ones about the document itself, on
PostgreSQL.
"""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from taggit.models import Tag
from wagtail.models import PageViewRestriction
from wagtail.signals import post_page_move

from news.models import ArticlePage, Author
from news.signals import refresh_section_after_move
from search import reader_search
from search.models import StoryDocument
from tests.factories import SectionPageFactory, publish
from tests.search.conftest import add_story

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="story documents are written and read on PostgreSQL only"
)


def search_page(client, **params):
    return BeautifulSoup(client.get("/search/", params).content, "html.parser")


def headlines(client, **params):
    return [a.get_text() for a in search_page(client, **params).select(".search-result__headline a")]


def count_line(client, **params):
    return search_page(client, **params).select_one(".search-count").get_text()


def test_saving_a_story_changes_what_search_finds(client, section):
    story = ArticlePage.objects.get(pk=add_story(section, "Harbour ferry returns").pk)
    story.title = "Glacier ferry returns"
    story.save()
    assert headlines(client, q="glacier") == ["Glacier ferry returns"]
    assert headlines(client, q="harbour") == []


def test_publishing_a_new_version_changes_what_search_finds_and_a_draft_does_not(client, section):
    story = add_story(section, "Harbour ferry returns")
    story.title = "Glacier ferry returns"
    revision = story.save_revision()
    assert headlines(client, q="harbour") == ["Harbour ferry returns"]
    assert headlines(client, q="glacier") == []  # a draft is never found
    revision.publish()
    assert headlines(client, q="glacier") == ["Glacier ferry returns"]
    assert headlines(client, q="harbour") == []


def test_unpublishing_and_deleting_take_the_story_out(client, section):
    story = add_story(section, "Harbour ferry returns")
    story.unpublish()
    assert headlines(client, q="harbour") == []
    ArticlePage.objects.get(pk=story.pk).delete()
    assert headlines(client, q="harbour") == []
    assert not StoryDocument.objects.filter(pk=story.pk).exists()


def test_re_tagging_a_story_changes_what_search_finds(client, section):
    story = add_story(section, "Ferry returns", tags=["harbour"])
    assert headlines(client, q="harbour") == ["Ferry returns"]
    story = ArticlePage.objects.get(pk=story.pk)
    story.tags.set(["glacier"])
    story.save_revision().publish()
    assert headlines(client, q="glacier") == ["Ferry returns"]
    assert headlines(client, q="harbour") == []


def test_a_story_moved_to_another_section_is_found_under_its_new_section(client, section, politics):
    story = add_story(section, "Harbour ferry returns")
    ArticlePage.objects.get(pk=story.pk).move(politics, pos="last-child")
    assert headlines(client, q="harbour", section="politics") == ["Harbour ferry returns"]
    assert headlines(client, q="harbour", section="world-news") == []


@postgres_only
@pytest.mark.parametrize("news_receiver_first", [True, False])
def test_a_moved_story_is_found_by_its_new_sections_name(client, section, politics, news_receiver_first):
    story = add_story(section, "Harbour ferry returns")
    if not news_receiver_first:  # the document is written from the tree, whichever receiver runs first
        post_page_move.disconnect(refresh_section_after_move)
    try:
        ArticlePage.objects.get(pk=story.pk).move(politics, pos="last-child")
    finally:
        post_page_move.connect(refresh_section_after_move)
    assert headlines(client, q="politics harbour") == ["Harbour ferry returns"]


def test_a_story_behind_a_login_is_never_found(client, home, section):
    add_story(section, "Harbour ferry returns")
    members = publish(SectionPageFactory(parent=home, title="Members", slug="members"))
    add_story(members, "Harbour members' briefing")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    assert headlines(client, q="harbour") == ["Harbour ferry returns"]
    section.move(members, pos="last-child")
    assert headlines(client, q="harbour") == []


@postgres_only
def test_renaming_an_author_a_tag_or_a_section_rewrites_the_documents_that_hold_the_name(
    client, section, django_capture_on_commit_callbacks
):
    add_story(section, "Ferry returns", tags=["harbour"], authors=["Ana Ruiz"])
    author = Author.objects.get(name="Ana Ruiz")
    author.name = "Ana Okafor"
    author.save()
    assert headlines(client, q="okafor") == ["Ferry returns"]
    tag = Tag.objects.get(name="harbour")
    tag.name = "dockside"
    tag.save()
    assert headlines(client, q="dockside") == ["Ferry returns"]
    section.title = "Maritime"
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()
    assert headlines(client, q="maritime") == ["Ferry returns"]


@postgres_only
def test_headline_words_rank_above_body_words(client, section):
    add_story(section, "Council meets", body_text="The harbour is busy.", days_ago=1)
    add_story(section, "Harbour ferry returns", body_text="The council met.", days_ago=2)
    assert headlines(client, q="harbour") == ["Harbour ferry returns", "Council meets"]
    assert headlines(client, q="harbour", sort="newest") == ["Council meets", "Harbour ferry returns"]


@postgres_only
def test_quoted_phrases_and_every_word_come_from_websearch(client, section):
    add_story(section, "Border railway reopens", days_ago=1)
    add_story(section, "Railway to the border", days_ago=2)
    assert headlines(client, q='"border railway"') == ["Border railway reopens"]
    assert sorted(headlines(client, q="railway border")) == ["Border railway reopens", "Railway to the border"]
    assert headlines(client, q="railway glacier") == []


@postgres_only
def test_a_word_in_more_stories_than_the_limit_shows_a_capped_count(client, section, monkeypatch):
    monkeypatch.setattr(reader_search, "COUNT_LIMIT", 3)
    for n in range(5):
        add_story(section, f"Harbour report {n}", slug=f"harbour-{n}", body_text="ferry" if n < 2 else "council")
    assert count_line(client, q="harbour").startswith("3+ stories for")
    assert len(headlines(client, q="harbour")) == 5  # the first page shows what there is
    assert count_line(client, q="ferry").startswith("2 stories for")


def test_a_count_under_the_limit_is_exact(client, section):
    for n in range(3):
        add_story(section, f"Harbour report {n}", slug=f"harbour-{n}")
    assert count_line(client, q="harbour").startswith("3 stories for")


@postgres_only
def test_reader_search_is_websearch_on_the_gin_indexed_document(section):
    from search.params import SearchParams

    sql = str(reader_search.StorySearch(SearchParams({"q": 'harbour "border railway"'}, [])).matches.query)
    assert (
        """"search_storydocument"."document" @@ (websearch_to_tsquery(english::regconfig, harbour "border railway")"""
        in sql
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'storydocument_document_gin'")
        assert "USING gin (document)" in cursor.fetchone()[0]


@postgres_only
def test_no_trigger_or_function_of_the_project_remains_after_migrating(db):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT t.tgisinternal AND n.nspname = 'public'
            """
        )
        assert cursor.fetchall() == []
        cursor.execute(
            """
            SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            """
        )
        assert cursor.fetchall() == []


@postgres_only
def test_only_live_stories_have_a_document_and_it_carries_their_display_date(client, section):
    live = add_story(section, "Harbour ferry returns", days_ago=3)
    draft = ArticlePage.objects.get(pk=add_story(section, "Harbour draft", slug="draft").pk)
    draft.unpublish()
    assert list(StoryDocument.objects.values_list("page_id", "display_date")) == [(live.pk, live.display_date)]
    older = ArticlePage.objects.get(pk=add_story(section, "Harbour older", slug="older", days_ago=5).pk)
    assert headlines(client, q="harbour", sort="newest") == ["Harbour ferry returns", "Harbour older"]
    older.display_date = live.display_date + datetime.timedelta(hours=1)
    older.save_revision().publish()
    assert StoryDocument.objects.get(pk=older.pk).display_date == older.display_date
    assert headlines(client, q="harbour", sort="newest") == ["Harbour older", "Harbour ferry returns"]


@postgres_only
def test_update_index_rewrites_every_story_document(section):
    stories = [add_story(section, f"Harbour report {n}", slug=f"harbour-{n}") for n in range(3)]
    StoryDocument.objects.all().delete()
    call_command("update_index", documents_only=True, stdout=io.StringIO())
    assert set(StoryDocument.objects.values_list("pk", flat=True)) == {s.pk for s in stories}


def test_update_index_refreshes_the_planner_statistics(section):
    add_story(section, "Harbour ferry returns")
    call_command("update_index", backend_name="default", stdout=io.StringIO())
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'news_articlepage'")
            assert cursor.fetchone()[0] > 0
        else:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'news_articlepage'")
            assert cursor.fetchone()[0] >= 1


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_update_index_vacuums_the_documents_it_rewrote(section):
    add_story(section, "Harbour ferry returns")
    call_command("update_index", documents_only=True, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush(), pg_stat_clear_snapshot()")
        cursor.execute("SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'search_storydocument'")
        assert cursor.fetchone()[0] is not None


@postgres_only
@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_dense_matches_walked_by_date_come_in_the_order_few_matches_read_at_once_do(client, section, monkeypatch, sort):
    for n in range(8):
        body = "harbour " * (n % 3 + 1)
        add_story(section, f"Report {n}", slug=f"report-{n}", body_text=body, days_ago=n + 1)
    monkeypatch.setattr("search.views.relevance_window", lambda backend: 4)
    monkeypatch.setattr("search.views.RESULTS_PER_PAGE", 3)
    read_at_once = [headlines(client, q="harbour", sort=sort, page=n) for n in (1, 2, 3)]
    monkeypatch.setattr(reader_search, "COUNT_LIMIT", 4)  # now "dense": found by walking the date index
    walked = [headlines(client, q="harbour", sort=sort, page=n) for n in (1, 2)]
    assert walked == read_at_once[:2]
    assert sum(read_at_once, []) and len(set(sum(read_at_once, []))) == 8
