"""Anonymous readers get cached pages; publishing refreshes the pages a story appears on."""

import pytest

from tests.factories import ArticlePageFactory, SectionPageFactory, publish


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_second_anonymous_view_is_served_from_cache_without_queries(client, article, django_assert_num_queries):
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get(article.url)
    assert response["X-Page-Cache"] == "hit"
    assert "Bridge reopens after flood" in response.content.decode()


def test_cached_pages_tell_shared_caches_how_long_to_keep_them(client, article):
    cache_control = client.get(article.url)["Cache-Control"]
    assert "public" in cache_control and "s-maxage=300" in cache_control


def test_publishing_a_story_refreshes_its_section_and_the_home_page(client, section, article):
    client.get(section.url)
    client.get(section.url + "?page=2")
    client.get("/")
    fresh = publish(ArticlePageFactory(parent=section, title="Fresh story", slug="fresh", featured=True))
    assert fresh.title in client.get(section.url).content.decode()
    assert client.get(section.url + "?page=2")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_editing_and_republishing_a_story_shows_the_new_headline(client, article):
    client.get(article.url)
    article.title = "Bridge reopens after record flood"
    publish(article)
    assert "Bridge reopens after record flood" in client.get(article.url).content.decode()


def test_unpublishing_removes_the_story_at_once(client, article):
    client.get(article.url)
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_logged_in_staff_always_see_the_live_page(client, article, django_user_model):
    client.get(article.url)
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "x"))
    response = client.get(article.url)
    assert "X-Page-Cache" not in response


def test_not_found_pages_are_not_cached(client, section):
    client.get("/world-news/nothing-here/")
    assert "X-Page-Cache" not in client.get("/world-news/nothing-here/")


def test_page_cache_can_be_turned_off(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(article.url)
    assert "X-Page-Cache" not in client.get(article.url)


def test_changing_the_publication_settings_refreshes_every_cached_page(client, section, article):
    from news.models import PublicationSettings

    client.get(article.url)
    client.get(section.url)
    settings_record = PublicationSettings.load()
    settings_record.donation_heading = "Keep the lights on"
    settings_record.save()
    assert "Keep the lights on" in client.get(article.url).content.decode()
    assert client.get(section.url)["X-Page-Cache"] == "miss"


def test_closing_comments_site_wide_refreshes_cached_stories(client, article, django_capture_on_commit_callbacks):
    from comments.models import CommentSettings

    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    rules = CommentSettings.load()
    rules.close_after_days = 1
    with django_capture_on_commit_callbacks(execute=True):
        rules.save()
    assert client.get(article.url)["X-Page-Cache"] == "miss"


def test_a_page_cached_before_a_publish_commits_is_refreshed_when_it_commits(
    client, article, django_capture_on_commit_callbacks
):
    """A reader's request served between the purge and the commit renders the story as it was; the commit drops it."""
    client.get(article.url)
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Bridge reopens after record flood"
        publish(article)
        client.get(article.url)  # cached while the publish is still being committed
        assert client.get(article.url)["X-Page-Cache"] == "hit"
    assert client.get(article.url)["X-Page-Cache"] == "miss"


def test_moving_a_story_refreshes_the_section_it_left_and_that_sections_feed(client, home, section, article):
    from news.distribution.feeds import section_feed_url

    politics = publish(SectionPageFactory(parent=home, title="Politics", slug="politics"))
    feed = section_feed_url(section)
    for url in (section.url, feed):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    article.move(politics, pos="last-child")
    assert article.title not in client.get(section.url).content.decode()
    assert article.title not in client.get(feed).content.decode()
