"""How Masthead's background work is queued: tasks tried again when they fail, and queued with the change they follow.

The work runs on Django's tasks framework (the django-tasks backport): the
backend is chosen in the settings (`TASKS_BACKEND`: the database, RQ on
Redis, or at once in the caller for tests). The framework runs a task once;
`retried_task` adds what a newsroom needs from a queue: a task that fails
(Elasticsearch timing out, a mail server refusing) is queued again after a
pause, and when the last attempt fails the log says which task gave up, on
what, and why, so nothing is dropped silently.
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger("masthead.tasks")

ATTEMPT_KWARG = "retry_attempt"


def retry_delays() -> tuple:
    return tuple(settings.TASK_RETRY_DELAYS)


def describe_call(name, args, kwargs) -> str:
    """The call for the log, each argument cut to 200 characters (a queued email is all of it)."""
    shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{name}({', '.join(s if len(s) <= 200 else s[:199] + '…' for s in shown)})"


def retried_task(**task_options):
    """`django_tasks.task`, plus attempts again after TASK_RETRY_DELAYS and an error in the log when it gives up.

    The attempt number travels with the queued task as a keyword argument,
    so a retry survives a worker's restart like any other queued task. On a
    backend that cannot defer work (the immediate one tests use), a retry
    runs at once.
    """

    def decorate(func):
        @functools.wraps(func)
        def attempt(*args, **kwargs):
            number = kwargs.pop(ATTEMPT_KWARG, 1)
            try:
                return func(*args, **kwargs)
            except Exception as error:
                call = describe_call(func.__name__, args, kwargs)
                delays = retry_delays()
                if number > len(delays):
                    logger.error(
                        "Task %s gave up after %s attempt(s): %s: %s",
                        call,
                        number,
                        type(error).__name__,
                        error,
                        exc_info=True,
                    )
                    raise
                delay = delays[number - 1]
                logger.warning(
                    "Task %s failed (attempt %s of %s), trying again in %s s: %s: %s",
                    call,
                    number,
                    len(delays) + 1,
                    delay,
                    type(error).__name__,
                    error,
                )
                retry = queued
                if delay and retry.get_backend().supports_defer:
                    retry = retry.using(run_after=timezone.now() + timedelta(seconds=delay))
                retry.enqueue(*args, **kwargs, **{ATTEMPT_KWARG: number + 1})
                raise

        queued = task(**task_options)(attempt)
        return queued

    return decorate


def runs_in_caller(task_obj) -> bool:
    """True when the backend runs tasks at once in the process that queues them (tests, TASKS_BACKEND=immediate)."""
    return isinstance(task_obj.get_backend(), ImmediateBackend)


def enqueue_on_commit(task_obj, *args, **kwargs):
    """Queue the task once the current transaction commits, so a worker finds the change it is about.

    A change that is rolled back queues nothing; outside a transaction the
    task is queued at once. Where tasks run in the caller (tests,
    TASKS_BACKEND=immediate) it runs at once, inside the transaction, as the
    work did before it was queued.
    """
    if runs_in_caller(task_obj):
        task_obj.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(functools.partial(task_obj.enqueue, *args, **kwargs))
