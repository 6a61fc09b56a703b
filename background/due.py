"""What is due every minute: the one periodic entry point (`manage.py run_due_jobs`, from cron or `make run`).

Each step is independent and quick: it publishes what is due and queues
the rest for the worker. A step that fails is logged and the others still
run; the next minute tries again.
"""

import logging
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from wagtail.models import Revision

from caching.models import PendingPurge
from caching.purge import send_owed_purges
from news.syndication.jobs import close_stalled_imports, start_due_imports

logger = logging.getLogger("masthead.tasks")

# A task a database worker claimed this long ago and never finished was dropped by a worker that was killed.
TASK_STALLED_AFTER = timedelta(minutes=30)


def publish_due_stories(now=None) -> int:
    """Publish the approved revisions whose go-live time has come (Wagtail's publish_scheduled); returns how many."""
    due = Revision.objects.filter(approved_go_live_at__lte=now or timezone.now()).count()
    if due:
        call_command("publish_scheduled", verbosity=0)
    return due


def queue_owed_purges(now=None) -> int:
    """Queue sending the purges the HTTP caches have not yet confirmed (caching.purge); returns how many are owed."""
    owed = PendingPurge.objects.count()
    if owed:
        send_owed_purges.enqueue()
    return owed


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


STEPS = {
    "scheduled stories published": publish_due_stories,
    "stalled imports closed": close_stalled_imports,
    "scheduled imports started": lambda now=None: len(start_due_imports(now)),
    "owed purges queued": queue_owed_purges,
    "dropped tasks queued again": requeue_dropped_tasks,
}


def run_due_jobs(now=None) -> dict[str, int]:
    """Run every step; returns what each did (a failed step counts None)."""
    done = {}
    for name, step in STEPS.items():
        try:
            done[name] = step(now)
        except Exception:
            logger.exception("run_due_jobs: %s failed; the next run tries again", name)
            done[name] = None
    return done
