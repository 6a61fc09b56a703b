"""Fixtures for background work: a database queue and a worker, and servers that hang or drip."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks_db.management.commands.db_worker import Worker

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    """Tasks are queued in the database, as in production, instead of running at once; `run_worker()` runs them."""
    settings.TASKS = DATABASE_QUEUE


def run_worker(max_tasks=None):
    """One database worker in this process, running every task that is due, then stopping (db_worker --batch)."""
    database_worker(max_tasks).run()


class InProcessWorker(Worker):
    """db_worker's worker, run inside the test's transaction.

    A worker process closes its database connection between tasks when it
    is stale; inside a test that would close the test's own transaction (on
    PostgreSQL), so, as Django's test client does for requests, it is left open.
    """

    def run(self):
        with keep_test_connection():
            super().run()


def keep_test_connection():
    return mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections")


def database_worker(max_tasks=None):
    return InProcessWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


@pytest.fixture
def silent_server():
    """The address of a server that accepts connections and never says a word, like a hung Elasticsearch."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.1)
    held, stop = [], threading.Event()

    def accept_and_hold():
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept_and_hold, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", held
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


DRIP_FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Slow Partner</title>'
    b"<item><guid>slow-1</guid><title>A story that never finishes arriving</title>"
    b"<description>Text.</description></item></channel></rss>"
)


@pytest.fixture
def dripping_feed_server():
    """The address of a feed whose server sends its headers at once, then one byte of the feed every 2 seconds.

    Every read gets a byte well within any per-read timeout; only a deadline
    for the whole download stops it. Yields (url, bytes_sent), a list with
    the running count of body bytes sent.
    """
    stop = threading.Event()
    sent = [0]

    class Dripping(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(DRIP_FEED)))
            self.end_headers()
            self.wfile.flush()
            for byte in DRIP_FEED:
                if stop.wait(2):
                    return
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
                sent[0] += 1

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Dripping)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml", sent
    stop.set()
    server.shutdown()
    server.server_close()


def timed(function, *args, **kwargs):
    """(seconds taken, what it returned)."""
    started = time.monotonic()
    result = function(*args, **kwargs)
    return time.monotonic() - started, result


class FlakyMailServer(BaseEmailBackend):
    """A mail server that drops the connection for the first `failures` deliveries, then delivers to mail.outbox.

    `on_delivery` (if set) is called as each message is delivered, while the worker is busy with it.
    """

    failures = 0
    attempts = 0
    on_delivery = None

    def send_messages(self, messages):
        cls = type(self)
        cls.attempts += 1
        if cls.attempts <= cls.failures:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        if cls.on_delivery:
            cls.on_delivery()
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def flaky_mail_server(settings, database_queue):
    """Mail queued in the database and delivered through FlakyMailServer (reset for each test)."""
    settings.EMAIL_BACKEND = "background.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "tests.background_work.FlakyMailServer"
    FlakyMailServer.failures, FlakyMailServer.attempts, FlakyMailServer.on_delivery = 0, 0, None
    yield FlakyMailServer
    FlakyMailServer.on_delivery = None
