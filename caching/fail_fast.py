"""A Redis connection that stops asking a Redis which has just failed to answer.

Socket timeouts bound one call (`REDIS_TIMEOUT`, a quarter of a second by
default), but a page makes several cache calls, and a Redis that accepts
connections and never answers would cost each of them the full timeout.
After a call times out or cannot connect, this process treats Redis as
down for `DOWN_SECONDS`: every call in that time fails at once, and
django-redis (with `IGNORE_EXCEPTIONS`) answers it as a miss, so pages are
served uncached. The first call after that tries Redis again.
"""

import time

from redis.connection import Connection
from redis.exceptions import ConnectionError, TimeoutError

DOWN_SECONDS = 5.0

_down_until = 0.0


def redis_is_resting() -> bool:
    return time.monotonic() < _down_until


def _rest():
    global _down_until
    _down_until = time.monotonic() + DOWN_SECONDS


class FailFastConnection(Connection):
    def connect(self):
        if redis_is_resting():
            raise ConnectionError("Redis failed to answer a moment ago; not asking again yet")
        try:
            return super().connect()
        except (ConnectionError, TimeoutError):
            _rest()
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except (ConnectionError, TimeoutError):
            _rest()
            raise
