"""Telling the HTTP caches in front of the site (Varnish, a CDN) what to drop, until they have.

`purge()` writes what must go into `PendingPurge`, in the transaction of
the change that made it stale, and once that commits queues a task that
sends it (so an editor never waits on a slow Varnish or CDN). A purge a
cache did not confirm (Varnish unreachable or refusing) stays in the table
and is sent again with the next purge and by `manage.py run_due_jobs`
(every minute), so a story taken down cannot come back from a cache that
missed the news. After `PURGE_GIVE_UP_HOURS`
the copies it was meant to drop have expired from any cache on their own,
and the row is dropped with an error in the log.

The caches are Wagtail's frontend-cache backends (`WAGTAILFRONTENDCACHE`,
built from the environment in the settings). Addresses go to every
backend. Story tags and whole sites go to backends that can drop them
(`caching.backends.VarnishBackend`); a CDN backend of Wagtail's purges
addresses only, so there the pages that merely list a story follow within
their s-maxage. Wagtail's CDN backends log their own failures rather than
report them, so only Varnish purges are retried.
"""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.frontend_cache.utils import get_backends

from background.tasks import retried_task
from caching.backends import PurgeFailed
from caching.headers import story_tag
from caching.models import PendingPurge

logger = logging.getLogger("masthead.caching")

SEND_AT_ONCE = 500


def frontend_caches() -> dict:
    return get_backends()


def purge(urls=(), story_ids=(), site_root_urls=()):
    """Drop these addresses (every query variant), the pages showing these stories, and whole sites, once committed."""
    if not frontend_caches():
        return
    Kind = PendingPurge.Kind
    rows = [
        *(PendingPurge(kind=Kind.URL, target=url) for url in sorted(set(urls))),
        *(PendingPurge(kind=Kind.TAG, target=story_tag(pk)) for pk in sorted(set(story_ids))),
        *(PendingPurge(kind=Kind.SITE, target=url) for url in sorted(set(site_root_urls))),
    ]
    if rows:
        PendingPurge.objects.bulk_create(rows)
        transaction.on_commit(send_owed_purges.enqueue)


def _deliver(backend, rows):
    by_kind = {kind: [row.target for row in rows if row.kind == kind] for kind in PendingPurge.Kind.values}
    urls = [url for url in by_kind[PendingPurge.Kind.URL] if backend.invalidates_hostname(_host(url))]
    if urls:
        backend.purge_batch(urls)
    if by_kind[PendingPurge.Kind.TAG] and hasattr(backend, "purge_tags"):
        backend.purge_tags(by_kind[PendingPurge.Kind.TAG])
    for root_url in by_kind[PendingPurge.Kind.SITE]:
        if hasattr(backend, "purge_site"):
            backend.purge_site(root_url)


def _host(url):
    return urlsplit(url).hostname or ""


def give_up_after() -> timedelta:
    return timedelta(hours=settings.PURGE_GIVE_UP_HOURS)


def send_pending() -> int:
    """Send every purge still owed to the caches; returns how many are still owed afterwards."""
    expired = PendingPurge.objects.filter(created_at__lt=timezone.now() - give_up_after())
    for row in expired:
        logger.error("gave up purging %s after %s attempts: %s", row, row.attempts, row.last_error)
    expired.delete()
    rows = list(PendingPurge.objects.all()[:SEND_AT_ONCE])
    if not rows:
        return 0
    errors = []
    for name, backend in frontend_caches().items():
        try:
            _deliver(backend, rows)
        except PurgeFailed as error:
            errors.append(f"{name}: {error}")
    pks = [row.pk for row in rows]
    if errors:
        error = "; ".join(errors)
        PendingPurge.objects.filter(pk__in=pks).update(attempts=F("attempts") + 1, last_error=error[:2000])
        logger.warning("could not purge %s item(s), will try again: %s", len(rows), error)
    else:
        PendingPurge.objects.filter(pk__in=pks).delete()
    return PendingPurge.objects.count()


@retried_task()
def send_owed_purges() -> int:
    """Send every purge still owed (the task queued after each change and by run_due_jobs).

    A cache refusing is not a failure of the task: what it did not confirm
    stays in the table for the next run. The task is retried only when it
    could not run at all (the database unavailable).
    """
    return send_pending()


def queue_owed_purges(now=None) -> int:
    """Queue sending the purges the HTTP caches have not yet confirmed (run_due_jobs, every minute); returns how many."""
    owed = PendingPurge.objects.count()
    if owed:
        send_owed_purges.enqueue()
    return owed
