"""What is due every minute: the one periodic entry point (`manage.py run_due_jobs`, from cron or `make run`).

Each step is independent and quick: it publishes what is due and queues
the rest for the worker. A step that fails is logged and the others still
run; the next minute tries again.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from wagtail.models import Revision

logger = logging.getLogger("masthead.tasks")

# A task a database worker claimed this long ago and never finished was dropped by a worker that was killed.
TASK_STALLED_AFTER = timedelta(minutes=30)


def publish_due_stories(now=None) -> int:
    """Publish the approved revisions whose go-live time has come (Wagtail's publish_scheduled); returns how many."""
    due = Revision.objects.filter(approved_go_live_at__lte=now or timezone.now()).count()
    if due:
        call_command("publish_scheduled", verbosity=0)
    return due


def requeue_dropped_tasks(now=None) -> int:
    """Put back in the queue the tasks a killed database worker had claimed and never finished; returns how many.

    A worker stopped with SIGTERM or Ctrl-C finishes its task first; one
    killed outright leaves it marked running for ever. Tasks are written to
    be run again safely (index writes, renditions and imports are idempotent).
    """
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return 0
    cutoff = (now or timezone.now()) - TASK_STALLED_AFTER
    dropped = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    for row in dropped:
        logger.warning("Task %s (%s) was dropped by a stopped worker; queued again", row.id, row.task_path)
    return dropped.update(status="READY", started_at=None)


def run_due_jobs(now=None) -> dict[str, int]:
    """Run every step of the DUE_JOBS setting; returns how many things each did (a failed step counts None)."""
    done = {}
    for name, path in settings.DUE_JOBS.items():
        try:
            done[name] = import_string(path)(now)
        except Exception:
            logger.exception("run_due_jobs: %s failed; the next run tries again", name)
            done[name] = None
    return done
