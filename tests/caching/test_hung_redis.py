"""A Redis that accepts connections and never answers costs a reader a fraction of a second, not the site.

The stand-in accepts every connection and reads nothing: what a Redis
stuck on a full disk or a paused VM looks like from the outside.
"""

import time
from urllib.parse import urlsplit

import pytest

from caching import fail_fast
from tests.factories import ArticlePageFactory, publish
from tests.reader_comments.conftest import comment_form_data
from website.settings.base import redis_cache

# Generous: one socket timeout (0.25 s) plus rendering on a busy machine. Without the
# timeouts a request waits forever; without the fail-fast rest, a quarter of a second
# for every cache call the page makes.
BOUND_SECONDS = 1.5


@pytest.fixture
def hung_redis(settings, silent_server):
    address, _ = silent_server
    settings.CACHES = {**settings.CACHES, "default": redis_cache(f"redis://127.0.0.1:{urlsplit(address).port}/0")}
    fail_fast._down_until = 0.0
    yield


@pytest.fixture(autouse=True)
def fresh_cache():
    """Overrides the suite's cache clearing, which would itself wait on the hung Redis."""
    yield


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_every_reader_page_answers_within_the_bound(client, home, section, article, hung_redis):
    publish(ArticlePageFactory(parent=section, title="Harbour ferry returns", slug="harbour-ferry"))
    for url in ["/", section.url, article.url, "/search/?q=harbour", "/search/suggest/?q=harb", "/feeds/"]:
        # As if the process's rest from Redis had just ended: this request meets the hung Redis itself.
        fail_fast._down_until = 0.0
        response, seconds = timed(lambda url=url: client.get(url))
        assert fail_fast.redis_is_resting(), f"{url} never asked Redis"
        assert response.status_code == 200, url
        assert seconds < BOUND_SECONDS, f"{url} took {seconds:.2f} s"


def test_a_comment_is_still_taken(client, article, hung_redis):
    data = comment_form_data(article)
    fail_fast._down_until = 0.0  # the post meets the hung Redis itself
    response, seconds = timed(lambda: client.post(f"/comments/{article.pk}/", data))
    assert fail_fast.redis_is_resting()
    assert response.status_code == 303
    assert seconds < BOUND_SECONDS


def test_after_one_timeout_the_process_stops_asking_for_a_while(hung_redis):
    from django.core.cache import cache

    _, first = timed(lambda: cache.get("anything"))
    _, later = timed(lambda: [cache.get(f"key-{n}") for n in range(20)])
    assert first >= 0.2  # it did wait for the socket timeout once
    assert later < 0.2  # twenty calls, none of them waiting


def test_redis_is_asked_again_once_the_rest_is_over(hung_redis, monkeypatch):
    from django.core.cache import cache

    cache.get("anything")
    assert fail_fast.redis_is_resting()
    monkeypatch.setattr(fail_fast, "_down_until", time.monotonic() - 1)
    assert not fail_fast.redis_is_resting()
    _, seconds = timed(lambda: cache.get("anything"))
    assert seconds >= 0.2  # tried again, and timed out again
