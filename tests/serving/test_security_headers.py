"""The browser security headers, with production's values, on reader pages, the admin and errors.

The HTTPS settings are production's own (read from website.settings.production with the
documented environment, tests/website/production.py); requests arrive as from the TLS proxy
(`X-Forwarded-Proto: https`). The cached copy of a page carries the same headers:
tests/serving/test_cached_security_headers.py reads them through Varnish.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory

from serving.security_headers import SecurityHeadersMiddleware
from tests.factories import ArticlePageFactory, publish
from tests.website.headers import ADMIN_POLICY, OTHER_HEADERS, READER_POLICY, policy
from tests.website.production import apply_production_security

pytestmark = pytest.mark.django_db

HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def production_https(settings):
    """This test's settings take production's HTTPS and header values."""
    apply_production_security(settings)


@pytest.fixture
def story(section):
    return publish(ArticlePageFactory(parent=section, title="Harbour wall gives way", slug="harbour-wall"))


def assert_other_headers(response):
    for name, value in OTHER_HEADERS.items():
        assert response[name] == value, name


def test_a_reader_page_carries_every_header_with_the_chosen_values(client, production_https, story):
    response = client.get(story.url, **HTTPS)

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]  # the copy Varnish keeps, headers and all
    assert policy(response["Content-Security-Policy"]) == READER_POLICY
    assert_other_headers(response)


def test_the_home_page_search_and_suggestions_carry_the_reader_policy(client, production_https, story, home):
    for url in (home.url, "/search/?q=harbour", "/search/suggest/?q=harb"):
        response = client.get(url, **HTTPS)
        assert response.status_code == 200, url
        assert policy(response["Content-Security-Policy"]) == READER_POLICY, url
        assert_other_headers(response)


def test_an_admin_page_gets_the_admin_policy_and_the_same_other_headers(admin_client, production_https, story):
    for url in ("/admin/", f"/admin/pages/{story.pk}/edit/"):
        response = admin_client.get(url, **HTTPS)
        assert response.status_code == 200, url
        assert policy(response["Content-Security-Policy"]) == ADMIN_POLICY, url
        assert_other_headers(response)


def test_the_sign_in_page_gets_the_admin_policy(client, production_https):
    response = client.get("/admin/login/", **HTTPS)

    assert response.status_code == 200
    assert policy(response["Content-Security-Policy"]) == ADMIN_POLICY
    assert_other_headers(response)


def test_error_pages_carry_the_headers_too(client, production_https, home):
    response = client.get("/no-such-page/", **HTTPS)

    assert response.status_code == 404
    assert policy(response["Content-Security-Policy"]) == READER_POLICY
    assert_other_headers(response)


def test_plain_http_is_redirected_to_https(client, production_https, story):
    response = client.get(story.url)

    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{story.url}"


def test_every_inline_script_on_reader_pages_is_data_or_carries_the_responses_nonce(client, story, home):
    """JSON-LD is data, which browsers never run, so the policy leaves it alone; anything that runs needs the nonce."""
    for url in (home.url, story.url, "/search/?q=harbour"):
        response = client.get(url)
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        for script in BeautifulSoup(response.content, "html.parser").find_all("script"):
            if script.get("src") or script.get("type") in ("application/ld+json", "application/json"):
                continue
            assert nonce and script.get("nonce") == nonce.group(1), f"{url}: {script}"


def nonce_view(request):
    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">go()</script>')
    return HttpResponse(template.render(request=request))


def test_an_inline_script_carrying_request_csp_nonce_is_allowed_by_its_own_response_only():
    middleware = SecurityHeadersMiddleware(nonce_view)
    first, second = (middleware(RequestFactory().get("/")) for _ in range(2))

    nonces = []
    for response in (first, second):
        nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
        assert policy(response["Content-Security-Policy"])["script-src"] == ["'self'", f"'nonce-{nonce}'"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_response_without_inline_script_names_no_nonce(client, story):
    assert "nonce" not in client.get(story.url)["Content-Security-Policy"]


def test_report_only_mode_reports_without_blocking_on_reader_pages_and_in_the_admin(
    client, admin_client, settings, story
):
    # What the settings hold with CSP_REPORT_ONLY=1 (tests/website/test_production_security.py checks that).
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    settings.CONTENT_SECURITY_POLICY_REPORTS_ONLY = True

    reader = client.get(story.url)
    admin = admin_client.get("/admin/")

    assert "Content-Security-Policy" not in reader
    assert policy(reader["Content-Security-Policy-Report-Only"]) == READER_POLICY
    assert "Content-Security-Policy" not in admin
    assert policy(admin["Content-Security-Policy-Report-Only"]) == ADMIN_POLICY
