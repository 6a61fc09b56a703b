"""Which search backend answers readers, and falling back to the database backend when Elasticsearch fails.

`WAGTAILSEARCH_BACKENDS` (website/settings/base.py) holds the database
backend alone, or with `ELASTICSEARCH_URL` Elasticsearch as "default" and
the database backend as "database". Reader-facing searches run through
`run_with_fallback`: a failing cluster costs readers a slower answer, never
an error page.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from wagtail.search.backends import get_search_backend

logger = logging.getLogger("masthead.search")

FALLBACK_ALIAS = "database"
FALLBACK_BACKEND = "wagtail.search.backends.database"
ELASTICSEARCH_DOWN_KEY = "search:elasticsearch-down"

_backends = {}


@receiver(setting_changed)
def _forget_backends(setting, **kwargs):
    if setting == "WAGTAILSEARCH_BACKENDS":
        _backends.clear()


def search_backend(alias="default"):
    """The configured backend `alias`, built once per process.

    Wagtail's `get_search_backend` builds a new backend, and for
    Elasticsearch a new client with its own connection pool, on every call;
    reusing one keeps connections open between requests.
    """
    backend = _backends.get(alias)
    if backend is None:
        backend = _backends[alias] = get_search_backend(alias)
    return backend


def fallback_backend():
    """The database backend readers are answered from when Elasticsearch fails."""
    configured = getattr(settings, "WAGTAILSEARCH_BACKENDS", {})
    return search_backend(FALLBACK_ALIAS if FALLBACK_ALIAS in configured else FALLBACK_BACKEND)


def is_elasticsearch(backend) -> bool:
    return isinstance(backend, ElasticsearchBaseSearchBackend)


def retry_seconds() -> int:
    """After a connection failure, how long readers skip Elasticsearch before it is tried again."""
    return getattr(settings, "ELASTICSEARCH_RETRY_SECONDS", 30)


def run_with_fallback(search, purpose: str):
    """`search(backend)` on the default backend; on an Elasticsearch error, logged, on the database backend.

    `search` must evaluate its results (count, list) before returning:
    Elasticsearch results are lazy and fail only when read. After an outage
    (unreachable, timing out, 5xx, as opposed to one refused request) readers
    are sent straight to the database backend for `retry_seconds()`, so a
    down cluster does not make every request wait for its timeout.
    """
    backend = search_backend()
    if not is_elasticsearch(backend):
        return search(backend)
    if cache.get(ELASTICSEARCH_DOWN_KEY):
        return search(fallback_backend())
    try:
        return search(backend)
    except Exception as error:
        from elastic_transport import ApiError, TransportError  # imported only when needed (slow to import)
        from elasticsearch import UnsupportedProductError

        if not isinstance(error, (ApiError, TransportError, UnsupportedProductError)):
            raise
        name, status = type(error).__name__, getattr(getattr(error, "meta", None), "status", None)
        if isinstance(error, TransportError) or (status is not None and status >= 500):
            cache.set(ELASTICSEARCH_DOWN_KEY, True, retry_seconds())
            logger.warning(
                "Elasticsearch unavailable for %s (%s: %s); answering from the database backend for the next %s s",
                purpose,
                name,
                error,
                retry_seconds(),
            )
        else:
            logger.warning(
                "Elasticsearch refused %s (%s: %s); answered from the database backend", purpose, name, error
            )
        return search(fallback_backend())
