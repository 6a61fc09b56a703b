"""Purging Varnish: the project's VCL (deploy/varnish/masthead.vcl) understands these requests.

Wagtail's `HTTPBackend` sends `PURGE` for one address and logs a failure.
This one says when a purge failed, so that caching.purge keeps it and tries
again, and it speaks the VCL's two other purges:

- `PURGE /path/` with the site's `Host`: every variant of that path
  (`?page=2`, ...), not just the bare address;
- `BAN /` with `Surrogate-Key: story-12 story-40`: every page showing any of
  those stories (their own pages, listings, related lists);
- `BAN /` with the site's `Host` and no key: every page of that site.
"""

from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from wagtail.contrib.frontend_cache.backends import HTTPBackend

# Tags per BAN request: keeps the request header, and the ban expression, short.
TAGS_PER_BAN = 50


class PurgeFailed(Exception):
    """A cache did not confirm a purge; it will be sent again."""


class VarnishBackend(HTTPBackend):
    def __init__(self, params):
        self.timeout = float(params.pop("TIMEOUT", 2))
        super().__init__(params)

    def _send(self, method, host, path="/", headers=None):
        request = Request(
            urlunsplit((self.cache_scheme, self.cache_netloc, path or "/", "", "")),
            method=method,
            headers={"Host": host, "User-Agent": "Masthead purge", **(headers or {})},
        )
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - the location is ours
                response.read()
        except HTTPError as error:
            raise PurgeFailed(f"{method} {host}{path} to {self.cache_netloc}: {error.code} {error.reason}") from error
        except (URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise PurgeFailed(f"{method} {host}{path} to {self.cache_netloc}: {reason}") from error

    def purge(self, url):
        parts = urlsplit(url)
        self._send("PURGE", parts.netloc, parts.path)

    def purge_tags(self, tags):
        tags = sorted(set(tags))
        for start in range(0, len(tags), TAGS_PER_BAN):
            self._send(
                "BAN", self.cache_netloc, headers={"Surrogate-Key": " ".join(tags[start : start + TAGS_PER_BAN])}
            )

    def purge_site(self, root_url):
        self._send("BAN", urlsplit(root_url).netloc)
