"""Reading a partner's feed from an address or a file, with every way it can go wrong named."""

import io
import urllib.error
import urllib.request
import xml.sax
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
from django.conf import settings

# A feed bigger than this is not a news feed; reading stops rather than filling memory.
MAX_FEED_BYTES = 20 * 1024 * 1024
USER_AGENT = "Masthead feed import (+https://github.com/masthead)"


class FeedError(Exception):
    """The whole feed cannot be imported; the message says why, for an editor."""


class FeedUnreachable(FeedError):
    pass


class FeedMalformed(FeedError):
    pass


class FeedEmpty(FeedError):
    pass


def fetch_timeout() -> float:
    """Seconds to wait for a partner's server before giving up (SYNDICATION_FETCH_TIMEOUT, default 10)."""
    return float(getattr(settings, "SYNDICATION_FETCH_TIMEOUT", 10))


def is_web_address(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def read_source(source: str) -> bytes:
    """The raw bytes of the feed at an http(s) address or in a local file.

    Fetched here rather than by feedparser so the wait is bounded by a
    timeout and the size by MAX_FEED_BYTES.
    """
    if is_web_address(source):
        request = urllib.request.Request(source, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=fetch_timeout()) as response:  # noqa: S310 (http/https only)
                data = response.read(MAX_FEED_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise FeedUnreachable(f"The feed at {source} answered with HTTP {error.code} ({error.reason}).") from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise FeedUnreachable(f"The feed at {source} could not be reached: {reason}.") from error
    else:
        path = Path(source)
        if not path.is_file():
            raise FeedUnreachable(f"There is no feed file at {source}.")
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_FEED_BYTES + 1)
        except OSError as error:
            raise FeedUnreachable(f"The feed file {source} could not be read: {error.strerror}.") from error
    if len(data) > MAX_FEED_BYTES:
        raise FeedMalformed(f"The feed at {source} is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB.")
    return data


def parse_feed(data: bytes, source: str):
    """The parsed RSS 2.0 or Atom feed; FeedMalformed or FeedEmpty when there is nothing safe to import.

    feedparser recovers from broken XML with a lenient parser and flags it
    ("bozo"). A feed that is not well-formed is refused whole: what the
    lenient parser guesses may be a truncated or mangled story, and a
    partner's half-sent feed is better imported on the next run. Harmless
    flags (an encoding declared wrongly) do not count.
    """
    # A stream, never the bytes themselves: feedparser would fetch a body that looks like an address.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and isinstance(problem, xml.sax.SAXException):
        raise FeedMalformed(f"The feed at {source} is not well-formed XML: {problem}.")
    if not parsed.get("version"):
        raise FeedMalformed(f"{source} is not an RSS or Atom feed.")
    if not parsed.entries:
        raise FeedEmpty(f"The feed at {source} has no items.")
    return parsed


def load_feed(source: str):
    return parse_feed(read_source(source), source)
