"""A page Varnish keeps is sent with the security headers Django drew it with, HIT or MISS.

Production's HTTPS and header values (tests/website/production.py); requests arrive as from the
TLS terminator in front of Varnish (`X-Forwarded-Proto: https`).
"""

import re

import pytest

from tests.factories import ArticlePageFactory, publish
from tests.website.headers import OTHER_HEADERS, READER_POLICY, policy
from tests.website.production import SECURITY_SETTINGS, apply_production_security

FROM_TLS = {"X-Forwarded-Proto": "https"}


@pytest.fixture
def production_headers(varnish, live_server, settings):
    """The live server answers with production's HTTPS and header settings (but the redirect).

    Django's SecurityMiddleware reads its settings when the middleware is loaded, so the live
    server's middleware is loaded again with them, and again with the test settings afterwards.
    """
    handlers = [live_server.thread.httpd.get_app()]
    while hasattr(handlers[-1], "application"):  # static files, media files, then Django
        handlers.append(handlers[-1].application)
    django_handler = handlers[-1]
    before = {name: getattr(settings, name, None) for name in SECURITY_SETTINGS}
    apply_production_security(settings)
    # The tests' Varnish probes with a plain-HTTP `OPTIONS /`, which production would redirect
    # (its own probe asks /healthz, answered before the redirect); readers' requests here say https.
    settings.SECURE_SSL_REDIRECT = False
    django_handler.load_middleware()
    yield
    for name, value in before.items():
        setattr(settings, name, value)
    django_handler.load_middleware()


def test_a_cached_reader_page_carries_every_header_with_the_chosen_values(varnish, section, production_headers):
    publish(ArticlePageFactory(parent=section, title="Harbour wall gives way", slug="harbour-wall"))

    for path in ("/world-news/", "/world-news/harbour-wall/", "/"):
        first = varnish.get(path, headers=FROM_TLS)
        assert first.status == 200, (path, first.status, first.text[:300], varnish.read_log()[-2000:])
        assert "public" in first.headers["Cache-Control"], (path, dict(first.headers))
        cached = varnish.cached(path, headers=FROM_TLS)

        assert cached.cache == "HIT", path
        assert policy(cached.headers["Content-Security-Policy"]) == READER_POLICY, path
        for name, value in OTHER_HEADERS.items():
            assert cached.headers[name] == value, (path, name)
        assert cached.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_a_cached_page_keeps_the_nonce_its_header_names(varnish, section, production_headers):
    """Any nonce on a kept page is the one in the kept header (reader pages name none today)."""
    publish(ArticlePageFactory(parent=section, title="Harbour wall gives way", slug="harbour-wall"))

    cached = varnish.cached("/world-news/harbour-wall/", headers=FROM_TLS)

    in_header = set(re.findall(r"'nonce-([^']+)'", cached.headers["Content-Security-Policy"]))
    in_page = set(re.findall(r'<script[^>]* nonce="([^"]+)"', cached.text))
    assert in_page <= in_header


def test_the_admin_through_varnish_gets_the_admin_policy(varnish, production_headers):

    login = varnish.get("/admin/login/", headers=FROM_TLS)

    assert login.cache == "PASS"
    assert "'unsafe-inline'" in policy(login.headers["Content-Security-Policy"])["script-src"]
    assert login.headers["Strict-Transport-Security"] == OTHER_HEADERS["Strict-Transport-Security"]
