"""Reading a partner's feed from an address or a file, with every way it can go wrong named."""

import http.client
import io
import socket
import ssl
import time
import urllib.error
import urllib.request
import xml.sax
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
from django.conf import settings

# A feed bigger than this is not a news feed; reading stops rather than filling memory.
MAX_FEED_BYTES = 20 * 1024 * 1024
READ_CHUNK_BYTES = 64 * 1024
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
    """Seconds the whole download of a feed may take, from connecting to the last byte (SYNDICATION_FETCH_TIMEOUT).

    A deadline for the whole fetch, not for each read: a server that sends a
    byte every few seconds never trips a per-read timeout and would keep an
    import (and the worker running it) busy for as long as it likes.
    """
    return settings.SYNDICATION_FETCH_TIMEOUT


def plain_reason(error: BaseException) -> str:
    """Why a server could not be reached, in words an editor can act on (not “[Errno -2] Name or service not known”)."""
    reason = getattr(error, "reason", error)
    if isinstance(reason, socket.gaierror):
        return "there is no server by that name (check the address for typing mistakes)"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection (it may be down)"
    if isinstance(reason, TimeoutError):
        return f"the server did not answer within {fetch_timeout():g} seconds"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return "its security certificate is not valid"
    if isinstance(reason, ssl.SSLError):
        return "a secure (https) connection could not be made"
    if isinstance(reason, (ConnectionResetError, http.client.RemoteDisconnected, http.client.IncompleteRead)):
        return "the server closed the connection before sending the whole feed"
    if isinstance(reason, OSError) and isinstance(reason.errno, int) and reason.errno in (101, 113):
        return "this server has no network route to it"
    return "a network error"


def _wait_at_most(response, seconds: float):
    """Bound the next read's wait by what is left of the deadline.

    urllib's timeout applies to each socket operation; the socket it reads
    from is not public, so this reaches it where the standard library keeps
    it (a buffered reader over socket.SocketIO) and leaves the per-read
    timeout in place when it is not there.
    """
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(max(seconds, 0.01))


def download(source: str) -> bytes:
    """The body at an http(s) address, within fetch_timeout() for the whole download and MAX_FEED_BYTES."""
    limit = fetch_timeout()
    deadline = time.monotonic() + limit
    too_slow = FeedUnreachable(
        f"The feed at {source} did not arrive within {limit:g} seconds (SYNDICATION_FETCH_TIMEOUT); "
        "the server is too slow or stopped sending."
    )
    too_big = FeedMalformed(f"The feed at {source} is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB.")
    request = urllib.request.Request(source, headers={"User-Agent": USER_AGENT})
    chunks, size = [], 0
    try:
        with urllib.request.urlopen(request, timeout=limit) as response:  # noqa: S310 (http/https only)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > MAX_FEED_BYTES:
                raise too_big
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise too_slow
                _wait_at_most(response, remaining)
                chunk = response.read1(READ_CHUNK_BYTES)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_FEED_BYTES:
                    raise too_big
                chunks.append(chunk)
    except urllib.error.HTTPError as error:
        raise FeedUnreachable(f"The feed at {source} answered with HTTP {error.code} ({error.reason}).") from error
    except TimeoutError as error:
        if time.monotonic() >= deadline:
            raise too_slow from error
        raise FeedUnreachable(f"The feed at {source} could not be reached: {plain_reason(error)}.") from error
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        raise FeedUnreachable(f"The feed at {source} could not be reached: {plain_reason(error)}.") from error
    return b"".join(chunks)


def is_web_address(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def read_source(source: str) -> bytes:
    """The raw bytes of the feed at an http(s) address or in a local file.

    Fetched here rather than by feedparser so the whole download is bounded
    by a deadline and the size by MAX_FEED_BYTES.
    """
    if is_web_address(source):
        return download(source)
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
