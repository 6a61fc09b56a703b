"""Every server error is logged to stderr under production settings, one line with the path and
status, and reported to Sentry when SENTRY_DSN is set (nothing is sent otherwise).

The errors are real ones, in a fresh interpreter under website.settings.production: PostgreSQL
unreachable (DATABASE_URL on a closed port), which readers get as a 503 "Back in a moment"; and
a bug, a query on a table that is not there (an empty SQLite database), which is a 500.
"""

import gzip
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.website.production import run_python

FAILING_REQUEST = (
    "from django.test import Client\n"
    "response = Client(raise_request_exception=False).get(\n"
    "    '/search/?q=harbour', HTTP_HOST='news.example.org', HTTP_X_FORWARDED_PROTO='https')\n"
    "print(response.status_code)\n"
    "print(response.content.decode())\n"
    "import sentry_sdk; sentry_sdk.flush(timeout=5)\n"
)


def about_the_request(stderr: str) -> list[str]:
    """The lines of stderr about the failed request (the Redis of the documented environment,
    cache.internal, does not resolve here, and its errors are logged on lines of their own)."""
    return [line for line in stderr.splitlines() if "/search/" in line]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fail_a_request(extra_code="", **environ):
    return run_python(
        FAILING_REQUEST + extra_code,
        DATABASE_URL=f"postgres://masthead@127.0.0.1:{closed_port()}/masthead",
        **environ,
    )


def test_a_server_error_writes_one_line_with_its_status_method_and_path_to_stderr(tmp_path):
    done = run_python(FAILING_REQUEST, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}")

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "500"
    lines = about_the_request(done.stderr)
    assert len(lines) == 1, done.stderr
    assert " ERROR django.request 500 GET /search/?q=harbour Internal Server Error: /search/ | " in lines[0]
    assert "OperationalError: no such table" in lines[0]
    assert "Traceback (most recent call last):\\n" in lines[0]  # the traceback, kept on the line


def test_the_error_page_promises_nothing_it_cannot_keep(tmp_path):
    page = run_python(FAILING_REQUEST, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}").stdout

    assert "Something went wrong" in page
    assert "has been told" not in page


def test_with_the_database_unreachable_readers_get_back_in_a_moment_and_the_log_gets_one_line():
    done = fail_a_request("print(response['Retry-After'], response['Cache-Control'])")

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "503"
    assert "Back in a moment" in done.stdout
    assert done.stdout.splitlines()[-1] == "10 private, no-cache"
    lines = about_the_request(done.stderr)
    assert len(lines) == 1, done.stderr
    assert (
        " ERROR django.request 503 GET /search/?q=harbour Service Unavailable: /search/ | OperationalError" in lines[0]
    )


class Collector(BaseHTTPRequestHandler):
    received: list

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append((self.path, body.decode("utf-8", "replace")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    """A stand-in for Sentry's ingestion endpoint on this machine, recording what it is sent."""
    Collector.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], Collector.received
    server.shutdown()
    server.server_close()


def test_with_sentry_dsn_set_a_server_error_is_reported_to_sentry(sentry_server):
    port, received = sentry_server

    done = fail_a_request(SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/42")

    assert done.stdout.splitlines()[0] == "503"
    assert received, done.stderr
    assert {path for path, _ in received} == {"/api/42/envelope/"}
    events = "".join(envelope for _, envelope in received)
    assert '"type":"OperationalError"' in events
    assert "/search/" in events


def test_without_sentry_dsn_no_error_tracker_is_set_up():
    done = fail_a_request("print(sentry_sdk.get_client().is_active())")

    assert done.stdout.splitlines()[0] == "503"
    assert done.stdout.splitlines()[-1] == "False"
