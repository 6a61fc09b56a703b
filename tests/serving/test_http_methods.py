"""HEAD sends headers only, TRACE is refused, OPTIONS is answered without rendering anything.

Django's test client drops HEAD bodies itself, so these requests go through
the WSGI handler the way gunicorn sends them.
"""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory


def wsgi(method, path):
    """(status, headers, body) for a request sent through Django's WSGI handler, as a server would."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD=method)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    # As Django's test client does: the test's open transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, start_response)
        body = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return int(started["status"].split()[0]), started["headers"], body


@pytest.mark.parametrize("path", ["/", "/world-news/bridge-reopens/", "/feeds/", "/sitemap.xml"])
def test_head_has_headers_and_no_body(db, article, path):
    status, headers, body = wsgi("HEAD", path)
    get_status, _, get_body = wsgi("GET", path)
    assert status == get_status == 200
    assert body == b""
    assert int(headers["Content-Length"]) == len(get_body) > 0


@pytest.mark.parametrize("method", ["TRACE", "TRACK", "CONNECT"])
def test_trace_and_its_cousins_are_refused(db, article, method, django_assert_num_queries):
    with django_assert_num_queries(0):
        status, headers, body = wsgi(method, "/feeds/")
    assert status == 405
    assert "TRACE" not in headers["Allow"]


@pytest.mark.parametrize("path", ["/feeds/", "/sitemap.xml", "/world-news/bridge-reopens/"])
def test_options_is_answered_without_rendering(db, article, path, django_assert_num_queries):
    with django_assert_num_queries(0):
        status, headers, body = wsgi("OPTIONS", path)
    assert status == 204
    assert headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert body == b""
