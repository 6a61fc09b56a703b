"""/healthz for the load balancer and Varnish's probe (serving/health.py): 200 with the database
and cache answering, 503 naming what failed, never cached or indexed, and answered whatever the
Host, the scheme or the state of the site lookup."""

import socket

import pytest
from django.core.cache import caches

from tests.website.production import run_python
from website.settings.base import redis_cache

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A port nothing listens on (the kernel's pick, released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_is_200_ok_with_the_database_and_cache_answering(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_healthz_is_never_cached_and_never_indexed(client):
    response = client.get("/healthz")

    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_healthz_answers_a_probe_by_address_over_plain_http_under_production_https_settings(client, settings):
    settings.ALLOWED_HOSTS = ["news.example.org"]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200


def test_head_healthz_has_the_status_without_a_body(client):
    response = client.head("/healthz")

    assert response.status_code == 200
    assert response.content == b""


def test_healthz_is_503_naming_the_cache_when_redis_is_unreachable(client, settings, monkeypatch):
    settings.CACHES = {**settings.CACHES, "default": redis_cache(f"redis://127.0.0.1:{closed_port()}/0")}
    monkeypatch.setattr("caching.fail_fast._down_until", 0.0)
    try:
        response = client.get("/healthz")
    finally:
        caches["default"].close()
        monkeypatch.setattr("caching.fail_fast._down_until", 0.0)

    assert response.status_code == 503
    assert response.content.decode() == "cache: unavailable (RuntimeError)\n"
    assert response["Cache-Control"] == "no-store"


PROBE = (
    "import time; from django.test import Client\n"
    "started = time.monotonic(); response = Client().get('/healthz', HTTP_HOST='10.0.0.7')\n"
    "print(time.monotonic() - started)\n"
    "print(response.status_code, response.content.decode().strip().replace(chr(10), ' / '))"
)


def probe_production(**environ) -> tuple[str, float]:
    """GET /healthz in a fresh production process with these services: ("status body", seconds taken)."""
    done = run_python(PROBE, **environ)
    assert done.returncode == 0, done.stderr
    seconds, answer = done.stdout.strip().splitlines()[-2:]
    return answer, float(seconds)


def services_here():
    for port in (5432, 6379):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            pytest.skip(f"needs PostgreSQL and Redis on 127.0.0.1 (nothing on port {port})")


POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/15"


def test_under_production_settings_healthz_is_200_with_postgresql_and_redis_answering():
    services_here()
    assert probe_production(DATABASE_URL=POSTGRES, REDIS_URL=REDIS)[0] == "200 ok"


def test_under_production_settings_healthz_is_503_naming_the_database_on_a_closed_port():
    services_here()
    answer, _ = probe_production(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/masthead", REDIS_URL=REDIS
    )
    assert answer == "503 database: unavailable (OperationalError)"


def test_under_production_settings_healthz_is_503_naming_the_cache_on_a_closed_port():
    services_here()
    answer, _ = probe_production(DATABASE_URL=POSTGRES, REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    assert answer == "503 cache: unavailable (RuntimeError)"


def test_under_production_settings_healthz_names_both_when_both_are_down():
    answer, _ = probe_production(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/masthead",
        REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0",
    )
    assert answer == "503 database: unavailable (OperationalError) / cache: unavailable (RuntimeError)"


@pytest.fixture
def hung_server():
    """A port that accepts connections and never answers (a server that has stopped responding)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


def test_a_hung_database_or_cache_gives_503_within_the_bound(hung_server):
    answer, seconds = probe_production(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{hung_server}/masthead",
        DATABASE_CONNECT_TIMEOUT="2",
        REDIS_URL=f"redis://127.0.0.1:{hung_server}/0",
        REDIS_TIMEOUT="0.25",
    )
    assert answer == "503 database: unavailable (OperationalError) / cache: unavailable (RuntimeError)"
    assert 2 <= seconds < 2 + 0.25 + 1  # the connect timeout and Redis's, and a second to spare


def test_the_database_alone_can_be_asked_about_as_varnish_does(client, settings, monkeypatch):
    settings.CACHES = {**settings.CACHES, "default": redis_cache(f"redis://127.0.0.1:{closed_port()}/0")}
    monkeypatch.setattr("caching.fail_fast._down_until", 0.0)
    try:
        database_only = client.get("/healthz?check=database")
        everything = client.get("/healthz")
        both_named = client.get("/healthz?check=database,cache")
    finally:
        caches["default"].close()
        monkeypatch.setattr("caching.fail_fast._down_until", 0.0)

    assert (database_only.status_code, database_only.content) == (200, b"ok\n")
    assert everything.status_code == 503
    assert both_named.content == everything.content


@pytest.mark.parametrize("junk", ["disk", "<script>alert(1)</script>", "database,\x00", "%ff"])
def test_an_unknown_check_is_a_400_that_lists_the_checks_without_echoing_the_request(client, junk):
    response = client.get("/healthz", {"check": junk})

    assert response.status_code == 400
    assert response.content == b"unknown check; the checks are: database, cache\n"
    assert response["X-Content-Type-Options"] == "nosniff"
