"""Dropping what a cache holds: versioned keys, and dropping again once a transaction commits."""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.utils.encoding import iri_to_uri


def digest(text):
    """A cache key part for any text: short and free of spaces and control characters whatever it holds."""
    return hashlib.sha256(iri_to_uri(text).encode()).hexdigest()[:32]


def bump(key):
    """Add one to the counter at `key` (a version or generation number), starting it at 1."""
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)


def now_and_on_commit(invalidate, using=None):
    """Run `invalidate` (dropping something cached) now, and again when the current transaction commits.

    Now, so that later reads in the same transaction, and this request, see
    the change; on commit, so that what another connection read in between,
    from the database as it was before the commit, is not kept as if it were
    new. Outside a transaction the change is already committed: once is enough.
    """
    invalidate()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(invalidate, using=using)
