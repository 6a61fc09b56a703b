"""Which search backend answers readers: Elasticsearch when configured, the database backend when it fails.

A failing cluster costs readers a slower answer, never an error page.
"""

import functools
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from elastic_transport import ApiError, TransportError
from elasticsearch import UnsupportedProductError
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from wagtail.search.backends import get_search_backend

logger = logging.getLogger("masthead.search")

ELASTICSEARCH_DOWN_KEY = "search:elasticsearch-down"


@functools.cache
def search_backend(alias="default"):
    """The configured backend `alias`, built once per process.

    Wagtail's `get_search_backend` builds a new backend, and for
    Elasticsearch a new client with its own connection pool, on every call.
    """
    return get_search_backend(alias)


@receiver(setting_changed)
def _forget_backends(setting, **kwargs):
    if setting == "WAGTAILSEARCH_BACKENDS":
        search_backend.cache_clear()


def is_elasticsearch(backend) -> bool:
    return isinstance(backend, ElasticsearchBaseSearchBackend)


def run_with_fallback(search, purpose: str):
    """`search(backend)` on the default backend; on an Elasticsearch error, logged, on the "database" backend.

    `search` must evaluate its results, which fail only when read. After an outage (unreachable, timing out, 5xx, not
    one refused request) readers skip Elasticsearch for ELASTICSEARCH_RETRY_SECONDS rather than wait for its timeout.
    """
    backend = search_backend()
    if not is_elasticsearch(backend):
        return search(backend)
    if cache.get(ELASTICSEARCH_DOWN_KEY):
        return search(search_backend("database"))
    try:
        return search(backend)
    except Exception as error:
        if not isinstance(error, (ApiError, TransportError, UnsupportedProductError)):
            raise
        status = getattr(getattr(error, "meta", None), "status", None)
        retry = settings.ELASTICSEARCH_RETRY_SECONDS
        down = isinstance(error, TransportError) or (status is not None and status >= 500)
        if down:
            cache.set(ELASTICSEARCH_DOWN_KEY, True, retry)
        what, until = (f"unavailable for {purpose}", f" for the next {retry} s") if down else (f"refused {purpose}", "")
        logger.warning(
            "Elasticsearch %s (%s: %s); answered from the database backend%s", what, type(error).__name__, error, until
        )
        return search(search_backend("database"))
