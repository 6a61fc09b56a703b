"""What Varnish, a CDN and browsers are told they may keep."""

import pytest
from django.http import HttpResponse

from caching.headers import CacheHeadersMiddleware, mark_cacheable
from tests.factories import ArticlePageFactory, publish


def test_a_story_page_may_be_kept_by_shared_caches_for_the_configured_time(client, article):
    cache_control = client.get(article.url)["Cache-Control"]
    assert "public" in cache_control
    assert "s-maxage=300" in cache_control
    assert "max-age=60" in cache_control
    assert "stale" not in cache_control  # browsers honour it, and no purge reaches them


def test_a_story_page_names_the_stories_it_shows(client, section, article):
    other = publish(ArticlePageFactory(parent=section, title="Another bridge story", slug="another"))
    assert client.get(article.url)["Surrogate-Key"].split() == [f"story-{article.pk}", f"story-{other.pk}"]
    section_keys = client.get(section.url)["Surrogate-Key"].split()
    assert {f"story-{article.pk}", f"story-{other.pk}"} <= set(section_keys)


@pytest.mark.parametrize("url", ["/", "/feeds/", "/sitemap.xml", "/robots.txt", "/search/suggest/?q=bridge"])
def test_reader_pages_feeds_and_sitemaps_are_public(client, article, url):
    assert "public" in client.get(url)["Cache-Control"]


def test_signed_in_staff_get_private_pages(client, article, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "x"))
    response = client.get(article.url)
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "Surrogate-Key" not in response


def test_not_found_pages_and_search_results_are_private(client, section):
    assert "private" in client.get("/world-news/nothing-here/")["Cache-Control"]
    assert "private" in client.get("/search/?q=bridge")["Cache-Control"]


def test_previews_are_never_public(client, article, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "x"))
    response = client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]


def test_shared_caching_can_be_turned_off(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert "public" not in client.get(article.url)["Cache-Control"]


def cacheable_page(cookie=None):
    """A view whose page shared caches may keep, optionally setting a cookie on the way out."""

    def view(request):
        response = mark_cacheable(HttpResponse("<h1>World News</h1>"))
        if cookie:
            response.set_cookie(*cookie)
        return response

    return view


def test_a_cacheable_page_that_sets_a_cookie_is_private_so_no_reader_gets_anothers_cookie(rf):
    kept = CacheHeadersMiddleware(cacheable_page())(rf.get("/world-news/"))
    assert "public" in kept["Cache-Control"]

    response = CacheHeadersMiddleware(cacheable_page(cookie=("sessionid", "abc123")))(rf.get("/world-news/"))
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]
    assert response.cookies["sessionid"].value == "abc123"
