"""Rendered pieces of reader pages kept in this process, under keys made of the data they show.

Profiles of the uncached pages (`make bench`) put much of a listing's time,
and a good share of a story's, in drawing the same things again and again:
story cards (a picture with six sources, a link, dates) and pictures, and
the comment form (Django renders every field through templates). Those are
kept here, and only those.

Nothing here is ever purged, and nothing needs to be: a fragment's key is a
digest of every value it shows, so a story edited, moved or re-photographed
gets a new key and its old HTML is never asked for again, and a story taken
down is no longer loaded, so nothing asks for its card. Old entries simply
fall out, the least used first.

The cache is the process's own memory (`CACHES["fragments"]`, a bounded
LocMemCache), not Redis: it cannot hang or slow a page, only miss, and any
error reading or writing it renders the fragment as if nothing were kept.
"""

import hashlib
import logging

from django.core.cache import caches
from django.utils.safestring import mark_safe

logger = logging.getLogger("masthead.fragments")

CACHE_ALIAS = "fragments"


def fingerprint(values) -> str:
    """A short digest of `values` (strings, numbers, dates, None and tuples of them)."""
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


def image_fingerprint(image) -> tuple:
    """What a picture of `image` shows: its file, size, focal point and alt text (None for no image)."""
    if image is None:
        return None
    return (
        image.pk,
        image.file.name,
        image.width,
        image.height,
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
        image.default_alt_text,
    )


def cached_fragment(kind: str, values, render) -> str:
    """The HTML `render()` returns for these `values`, from the cache when this process has drawn it before."""
    key = f"{kind}:{fingerprint(values)}"
    cache = caches[CACHE_ALIAS]
    try:
        html = cache.get(key)
    except Exception:
        logger.exception("Could not read the fragment cache")
        html = None
    if html is None:
        html = render()
        try:
            cache.set(key, str(html))
        except Exception:
            logger.exception("Could not write to the fragment cache")
    return mark_safe(html)  # noqa: S308 - HTML our templates rendered, kept as it was
