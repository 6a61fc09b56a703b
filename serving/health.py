"""`/healthz`: whether this process can serve readers, for the load balancer and Varnish's probe.

200 "ok" when the database answers a query and the cache stores and returns a value, each
within HEALTHZ_TIMEOUT seconds; else 503 naming what failed ("database: ...", "cache: ...").
`?check=database` asks about the database alone: Varnish's probe does, because pages are
still served (uncached, slower) while the cache is down, and a probe that failed then would
leave readers with errors for every page Varnish does not hold.

It is answered by a middleware at the top of the stack, before anything that could stop a
probe: the site lookup (which needs the database), ALLOWED_HOSTS (load balancers probe by
address) and the HTTPS redirect (probes speak plain HTTP inside the network). Never cached,
never indexed. The database connection is bounded by DATABASE_CONNECT_TIMEOUT and the query
by a statement timeout on PostgreSQL; the cache by REDIS_TIMEOUT.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse

HEALTHZ_PATH = "/healthz"
CACHE_KEY = "healthz:probe"

logger = logging.getLogger("masthead.health")


def check_database():
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL statement_timeout = %s", [f"{int(settings.HEALTHZ_TIMEOUT * 1000)}ms"])
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def check_cache():
    # The cache fails open (a Redis error reads as a miss), so a value must make the round trip.
    token = uuid.uuid4().hex
    cache.set(CACHE_KEY, token, timeout=30)
    if cache.get(CACHE_KEY) != token:
        raise RuntimeError("a value stored was not read back")


CHECKS = {"database": check_database, "cache": check_cache}


def run_checks(names) -> list[str]:
    """What failed, as "name: reason" lines; empty when everything answered in time.

    The reason says what kind of failure it was; the error's own text (which can name internal
    hosts) goes only to the log, since the endpoint is reachable from outside.
    """
    failures = []
    for name in names:
        check = CHECKS[name]
        started = time.monotonic()
        try:
            check()
        except Exception as error:
            logger.warning("healthz: %s failed: %s: %s", name, type(error).__name__, error)
            failures.append(f"{name}: unavailable ({type(error).__name__})")
            continue
        elapsed = time.monotonic() - started
        if elapsed > settings.HEALTHZ_TIMEOUT:
            logger.warning("healthz: %s answered in %.2f s", name, elapsed)
            failures.append(f"{name}: slow ({elapsed:.2f} s, over {settings.HEALTHZ_TIMEOUT:g} s)")
    return failures


def healthz(request):
    """Every check, or only those named in `?check=` (repeatable, or comma-separated)."""
    asked = [name.strip() for value in request.GET.getlist("check") for name in value.split(",") if name.strip()]
    if set(asked) - set(CHECKS):
        status, body = 400, f"unknown check; the checks are: {', '.join(CHECKS)}"
    else:
        failures = run_checks([name for name in CHECKS if name in asked] or list(CHECKS))
        status, body = (503, "\n".join(failures)) if failures else (200, "ok")
    response = HttpResponse(
        "" if request.method == "HEAD" else body + "\n",
        status=status,
        content_type="text/plain; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") == HEALTHZ_PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
