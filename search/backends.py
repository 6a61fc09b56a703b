"""Which search backend answers readers, and falling back when Elasticsearch fails.

The backends are configured in `WAGTAILSEARCH_BACKENDS` (website/settings/base.py):
the database backend alone by default, or Elasticsearch as "default" with
the database backend kept up to date beside it as "database" when
`ELASTICSEARCH_URL` is set. Reader-facing code runs its searches through
`run_with_fallback`, so an unreachable or failing cluster costs readers a
slower answer from the database backend, never an error page.

Publishing does not go through here: modelsearch catches and logs
Elasticsearch errors while indexing, so saving a page never fails on them.
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


def _elasticsearch_errors():
    from elastic_transport import ApiError, TransportError
    from elasticsearch import UnsupportedProductError

    return ApiError, TransportError, UnsupportedProductError


def _is_outage(error) -> bool:
    """A failure of the cluster itself (unreachable, timing out, 5xx), as opposed to one refused request."""
    from elastic_transport import TransportError

    status = getattr(getattr(error, "meta", None), "status", None)
    return isinstance(error, TransportError) or (status is not None and status >= 500)


def run_with_fallback(search, purpose: str):
    """`search(backend)` on the default backend; on an Elasticsearch error, logged, on the database backend.

    `search` must evaluate its results (count, list) before returning:
    Elasticsearch results are lazy and fail only when read. After an outage
    readers are sent straight to the database backend for `retry_seconds()`,
    so a down cluster does not make every request wait for its timeout.
    """
    backend = search_backend()
    if not is_elasticsearch(backend):
        return search(backend)
    if cache.get(ELASTICSEARCH_DOWN_KEY):
        return search(fallback_backend())
    try:
        return search(backend)
    except _elasticsearch_errors() as error:
        if _is_outage(error):
            cache.set(ELASTICSEARCH_DOWN_KEY, True, retry_seconds())
            logger.warning(
                "Elasticsearch unavailable for %s (%s: %s); answering from the database backend for the next %s s",
                purpose,
                type(error).__name__,
                error,
                retry_seconds(),
            )
        else:
            logger.warning(
                "Elasticsearch refused %s (%s: %s); answered from the database backend",
                purpose,
                type(error).__name__,
                error,
            )
        return search(fallback_backend())
