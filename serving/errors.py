"""The page a reader gets when a request fails on our side.

Most failures are bugs: 500 and templates/500.html. One is not: the database not answering (a
restart, a failover, a network cut), which passes in seconds. For that the answer is 503 with
`Retry-After`, saying the page will be back in a moment, so that readers and crawlers try again
and Varnish serves the copy it holds of a page, however old (deploy/varnish/masthead.vcl).

Either way Django logs the error once on `django.request`, with its exception (LOGGING).
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.views import defaults

RETRY_AFTER_SECONDS = 10

DATABASE_UNAVAILABLE_PAGE = (
    "<!DOCTYPE html>\n"
    '<html lang="en"><head><meta charset="utf-8"><title>Back in a moment</title></head>\n'
    "<body><h1>Back in a moment</h1><p>This page cannot be shown just now. "
    'Please try again in a few seconds, or go to the <a href="/">front page</a>.</p></body>\n'
    "</html>\n"
)


def database_unreachable(error: BaseException | None) -> bool:
    """Whether `error` is the database not answering, rather than a bad query or a missing table."""
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    if connection.connection is None:
        return True  # the connection itself failed
    try:
        return not connection.is_usable()
    except DatabaseError:
        return True


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: 503 "Back in a moment" while the database is unreachable, else Django's 500 page."""
    if database_unreachable(sys.exc_info()[1]):
        response = HttpResponse(DATABASE_UNAVAILABLE_PAGE, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request, template_name)
