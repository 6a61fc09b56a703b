"""A story taken down while Redis does not answer stays down once Redis is back with what it held before.

Redis keeps only lookups now (related lists as story ids, menus, the
publication settings, the sites), never pages, and every list of stories
is read from the database on each view. So when an editor unpublishes a
story while Redis hangs, and every `delete` the change sends is lost, the
story must still be gone from its address, its section, the home page and
other stories' related lists once the same Redis answers again with its
old data. Uses this machine's Redis (its own database 14, a key prefix of
its own); skipped when it does not answer.
"""

import uuid
from urllib.parse import urlsplit

import pytest
import redis
from django.core.cache import cache

from caching import fail_fast
from news.models import ArticlePage
from tests.factories import ArticlePageFactory, publish
from website.settings.base import redis_cache

REDIS_URL = "redis://127.0.0.1:6379/14"

pytestmark = pytest.mark.usefixtures("no_page_cache")


@pytest.fixture(autouse=True)
def fresh_cache():
    """Overrides the suite's cache clearing: the test empties only its own keys (see `real_redis`)."""
    yield


@pytest.fixture
def real_redis():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"needs Redis at {REDIS_URL}, which is not answering here: {error}")
    config = {**redis_cache(REDIS_URL), "KEY_PREFIX": f"masthead-test-{uuid.uuid4().hex[:12]}"}
    yield config
    connection = redis.Redis.from_url(REDIS_URL)
    for key in connection.scan_iter(f"{config['KEY_PREFIX']}:*"):
        connection.delete(key)


@pytest.fixture
def hung_redis_config(silent_server):
    """The cache configuration pointing at a server that accepts connections and never answers."""
    address, _ = silent_server
    yield redis_cache(f"redis://127.0.0.1:{urlsplit(address).port}/0")
    fail_fast._down_until = 0.0


def use_cache(settings, config):
    settings.CACHES = {**settings.CACHES, "default": config}
    fail_fast._down_until = 0.0


def test_a_story_unpublished_while_redis_hangs_is_not_shown_once_redis_is_back(
    client, settings, home, section, real_redis, hung_redis_config, django_capture_on_commit_callbacks
):
    use_cache(settings, real_redis)
    staying = publish(ArticlePageFactory(parent=section, title="Bridge reopens after flood", slug="bridge-reopens"))
    pulled = publish(ArticlePageFactory(parent=section, title="Harbour tunnel approved", slug="harbour-tunnel"))
    home.body = [{"type": "section_latest", "value": {"section": section.pk, "heading": "", "count": 4}}]
    publish(home)
    readers_pages = ["/", section.url, staying.url]
    for url in [*readers_pages, pulled.url]:  # Redis now holds the lookups these pages made
        response = client.get(url)
        assert response.status_code == 200 and "Harbour tunnel approved" in response.content.decode(), url
    assert cache.get(f"search:related:{staying.pk}") is not None, "the related list was not kept in Redis"

    use_cache(settings, hung_redis_config)
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=pulled.pk).unpublish()

    use_cache(settings, real_redis)  # back, with everything it held before the outage
    assert client.get(pulled.url).status_code == 404
    for url in readers_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Harbour tunnel approved" not in response.content.decode(), url
