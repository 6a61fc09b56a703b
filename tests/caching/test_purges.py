"""Every change that makes pages stale tells the HTTP caches, and a purge they did not confirm is kept until they do."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from caching.models import PendingPurge
from caching.purge import purge, send_pending
from tests.factories import ArticlePageFactory, AuthorFactory, SectionPageFactory, publish
from tests.purges import RecordingCache

FEEDS_AND_SITEMAPS = {"/feeds/", "/sitemap.xml", "/news-sitemap.xml"}


def test_publishing_a_story_purges_it_its_section_the_home_page_feeds_and_sitemaps(purges, section):
    story = publish(ArticlePageFactory(parent=section, title="Fresh story", slug="fresh"))
    assert {
        "/",
        "/world-news/",
        "/world-news/fresh/",
        "/feeds/sections/world-news/",
    } | FEEDS_AND_SITEMAPS <= purges.paths
    assert purges.tags == {f"story-{story.pk}"}


def test_purges_name_the_site_the_story_is_on(purges, section):
    publish(ArticlePageFactory(parent=section, title="Fresh story", slug="fresh"))
    assert "http://localhost/world-news/fresh/" in purges.urls


def test_unpublishing_a_story_purges_every_page_that_shows_it(purges, article):
    purges.forget()
    article.unpublish()
    assert f"story-{article.pk}" in purges.tags
    assert {"/", "/world-news/", "/world-news/bridge-reopens/"} <= purges.paths


def test_deleting_a_live_story_purges_it(purges, article):
    purges.forget()
    article.delete()
    assert f"story-{article.pk}" in purges.tags
    assert "/world-news/bridge-reopens/" in purges.paths


def test_a_story_with_authors_and_a_licence_purges_their_pages_and_feeds(purges, section, our_licence):
    author = AuthorFactory(name="Mara Lindqvist")
    story = ArticlePageFactory(parent=section, title="Fresh story", slug="fresh", licensing_notice=our_licence)
    story.authors.create(author=author)
    publish(story)
    assert {"/authors/mara-lindqvist/", "/feeds/authors/mara-lindqvist/", our_licence.url} <= purges.paths


def test_moving_a_story_purges_its_old_address_and_the_section_and_feed_it_left(purges, home, section, article):
    politics = publish(SectionPageFactory(parent=home, title="Politics", slug="politics"))
    purges.forget()
    article.move(politics, pos="last-child")
    assert {
        "/world-news/bridge-reopens/",
        "/politics/bridge-reopens/",
        "/world-news/",
        "/politics/",
        "/feeds/sections/world-news/",
        "/feeds/sections/politics/",
    } <= purges.paths
    assert f"story-{article.pk}" in purges.tags


def test_moving_a_section_purges_its_whole_site(purges, home, section, article):
    archive = publish(SectionPageFactory(parent=home, title="Archive", slug="archive"))
    purges.forget()
    section.move(archive, pos="last-child")  # not a place for a section, but the tree allows it here
    assert purges.sites == {"http://localhost/"}


def test_editing_an_author_purges_their_page_feed_and_stories(purges, section):
    author = AuthorFactory(name="Mara Lindqvist", role="Correspondent")
    story = ArticlePageFactory(parent=section, title="Fresh story", slug="fresh")
    story.authors.create(author=author)
    publish(story)
    purges.forget()
    author.role = "Senior correspondent"
    author.save()
    assert {"/authors/mara-lindqvist/", "/feeds/authors/mara-lindqvist/"} <= purges.paths
    assert purges.tags == {f"story-{story.pk}"}


def test_changing_the_publication_settings_purges_every_page(purges, home):
    from news.models import PublicationSettings

    publication = PublicationSettings.load()
    publication.donation_heading = "Keep the lights on"
    publication.save()
    assert purges.sites == {"http://localhost/"}


def test_changing_the_comment_rules_purges_every_page(purges, home):
    from reader_comments.models import CommentSettings

    rules = CommentSettings.load()
    rules.close_after_days = 1
    rules.save()
    assert purges.sites == {"http://localhost/"}


def test_nothing_is_written_when_no_http_cache_is_configured(settings, section):
    settings.WAGTAILFRONTENDCACHE = {}
    publish(ArticlePageFactory(parent=section, title="Fresh story", slug="fresh"))
    assert not PendingPurge.objects.exists()


def test_purges_are_sent_once_the_change_commits_and_then_forgotten(
    purges, section, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        story = publish(ArticlePageFactory(parent=section, title="Fresh story", slug="fresh"))
    assert RecordingCache.sent == []  # nothing reaches a cache before the commit
    for callback in callbacks:
        callback()
    assert ("tag", f"story-{story.pk}") in RecordingCache.sent
    assert ("url", "http://localhost/world-news/fresh/") in RecordingCache.sent
    assert not PendingPurge.objects.exists()


def test_a_purge_the_cache_did_not_confirm_is_kept_and_sent_again(settings, purges, db):
    settings.WAGTAILFRONTENDCACHE = {"down": {"BACKEND": "tests.purges.UnreachableCache"}}
    purge(urls=["http://localhost/world-news/fresh/"], story_ids=[7])
    assert send_pending() == 2
    kept = PendingPurge.objects.get(kind="url")
    assert kept.attempts == 1 and "connection refused" in kept.last_error

    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": "tests.purges.RecordingCache"}}
    call_command("send_purges")
    assert sorted(RecordingCache.sent) == [("tag", "story-7"), ("url", "http://localhost/world-news/fresh/")]
    assert not PendingPurge.objects.exists()


def test_a_purge_is_given_up_once_every_copy_it_was_for_has_expired(settings, purges, db, caplog):
    settings.WAGTAILFRONTENDCACHE = {"down": {"BACKEND": "tests.purges.UnreachableCache"}}
    purge(urls=["http://localhost/old/"])
    with time_machine.travel(timezone.now() + timedelta(hours=settings.PURGE_GIVE_UP_HOURS, minutes=1)):
        assert send_pending() == 0
    assert "gave up purging" in caplog.text


def test_the_varnish_backend_reports_an_unreachable_cache(settings):
    from caching.backends import PurgeFailed, VarnishBackend

    backend = VarnishBackend({"LOCATION": "http://127.0.0.1:9", "TIMEOUT": 1})
    with pytest.raises(PurgeFailed, match="127.0.0.1:9"):
        backend.purge("http://localhost/world-news/")


def test_settings_created_with_their_defaults_by_a_reader_purge_nothing(purges, client, article):
    from news.models import PublicationSettings
    from reader_comments.models import CommentSettings

    PublicationSettings.objects.all().delete()
    CommentSettings.objects.all().delete()
    purges.forget()
    client.get(article.url)  # the page reads both, and Wagtail creates them
    assert PublicationSettings.objects.exists() and CommentSettings.objects.exists()
    assert not purges.sites


def test_publishing_or_unpublishing_a_section_purges_its_whole_site_whose_menus_list_it(purges, home):
    politics = publish(SectionPageFactory(parent=home, title="Politics", slug="politics"))
    assert purges.sites == {"http://localhost/"}
    purges.forget()
    politics.unpublish()
    assert purges.sites == {"http://localhost/"}


def test_restricting_a_story_or_lifting_the_restriction_purges_every_page_that_shows_it(purges, article):
    from wagtail.models import PageViewRestriction

    purges.forget()
    restriction = PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert f"story-{article.pk}" in purges.tags
    assert {"/", "/world-news/", "/world-news/bridge-reopens/"} | FEEDS_AND_SITEMAPS <= purges.paths
    purges.forget()
    restriction.delete()
    assert f"story-{article.pk}" in purges.tags
    assert {"/", "/world-news/", "/world-news/bridge-reopens/"} <= purges.paths


def test_restricting_a_section_purges_its_whole_site(purges, section, article):
    from wagtail.models import PageViewRestriction

    purges.forget()
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert purges.sites == {"http://localhost/"}
