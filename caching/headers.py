"""What shared caches (Varnish, a CDN) and browsers are told about each response.

Django keeps no copy of pages: the HTTP cache in front of it does (see
`deploy/varnish/`). Pages opt in with `mark_cacheable(response)` (Wagtail
pages do so through `CacheablePageMixin`); the middleware then sends those
responses to anonymous readers as `public`, with how long a shared cache
and a browser may keep them, and names the stories they show in
`Surrogate-Key` so that a change to one story can drop every page that
shows it (caching.purge). Every other response stays out of shared caches.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

STORY_TAG = "story-{}"


def page_cache_seconds() -> int:
    """How long a shared cache (Varnish, a CDN) may keep a page: its s-maxage. Purges act sooner. 0: not at all."""
    return settings.PAGE_CACHE_SECONDS


def browser_cache_seconds() -> int:
    return settings.PAGE_CACHE_BROWSER_SECONDS


def mark_cacheable(response):
    """Let shared caches keep this response for anonymous readers."""
    response.masthead_cacheable = True
    return response


def tag_stories(request, story_ids):
    """Record that the response to `request` shows these stories (its own, cards, related lists)."""
    shown = request.__dict__.setdefault("masthead_stories", set())
    shown.update(pk for pk in story_ids if pk is not None)


def story_tag(story_id) -> str:
    return STORY_TAG.format(story_id)


def is_anonymous_read(request) -> bool:
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


class CacheHeadersMiddleware:
    """Mark cacheable anonymous responses `public` with their lifetimes and story tags; everything else `private`.

    `private` is said outright, not left to a cache's defaults: a response
    to a signed-in editor (with the userbar, or a draft) must never be kept
    and shown to a reader.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control") and not getattr(response, "masthead_cacheable", False):
            return response  # the view said it already (static files, the admin's never_cache)
        shared_seconds = page_cache_seconds()
        if (
            getattr(response, "masthead_cacheable", False)
            and shared_seconds > 0
            and is_anonymous_read(request)
            and response.status_code == 200
            and not response.cookies
        ):
            # No stale-while-revalidate or stale-if-error: browsers honour them too, and
            # no purge reaches a browser, so a story taken down could be shown again
            # minutes later. Varnish sets its own grace (deploy/varnish/masthead.vcl).
            patch_cache_control(response, public=True, max_age=browser_cache_seconds(), s_maxage=shared_seconds)
            stories = getattr(request, "masthead_stories", None)
            if stories:
                response["Surrogate-Key"] = " ".join(story_tag(pk) for pk in sorted(stories))
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response


class CacheablePageMixin:
    """Wagtail pages whose anonymous views shared caches may keep (not previews)."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not getattr(request, "is_preview", False):
            mark_cacheable(response)
        return response
