"""A frontend cache for tests that records what it is told to drop, and a look at what is still owed."""

from urllib.parse import urlsplit

from wagtail.contrib.frontend_cache.backends import BaseBackend

from caching.backends import PurgeFailed
from caching.models import PendingPurge


class RecordingCache(BaseBackend):
    """Accepts every purge, like the project's Varnish backend, and remembers it (class-wide, reset per test)."""

    sent = []

    def purge(self, url):
        self.sent.append(("url", url))

    def purge_tags(self, tags):
        self.sent.extend(("tag", tag) for tag in tags)

    def purge_site(self, root_url):
        self.sent.append(("site", root_url))


class UnreachableCache(BaseBackend):
    """A cache that cannot be reached: every purge fails."""

    def purge(self, url):
        raise PurgeFailed(f"PURGE {url}: connection refused")


class Purges:
    """What the changes made so far in a test asked the caches to drop (sent or still owed)."""

    def _targets(self, kind):
        owed = PendingPurge.objects.filter(kind=kind).values_list("target", flat=True)
        return [*owed, *(target for sent_kind, target in RecordingCache.sent if sent_kind == kind)]

    @property
    def paths(self) -> set[str]:
        return {urlsplit(url).path for url in self._targets("url")}

    @property
    def urls(self) -> set[str]:
        return set(self._targets("url"))

    @property
    def tags(self) -> set[str]:
        return set(self._targets("tag"))

    @property
    def sites(self) -> set[str]:
        return set(self._targets("site"))

    def forget(self):
        """Start counting from now."""
        PendingPurge.objects.all().delete()
        RecordingCache.sent.clear()
