from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend


class Command(BaseCommand):
    help = (
        "Run a background worker for the configured TASKS_BACKEND until stopped: the database worker "
        "(django-tasks-db's db_worker) or an RQ worker with its scheduler. Start as many as the work needs, "
        "on as many machines; Ctrl-C or SIGTERM lets the task under way finish first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Run every task that is due, then stop.")

    def handle(self, *args, burst=False, **options):
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        verbosity = options["verbosity"]
        if isinstance(backend, DatabaseBackend):
            call_command("db_worker", queue_name="default", batch=burst, reload=False, verbosity=verbosity)
        elif type(backend).__module__.startswith("django_tasks_rq"):
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                with_scheduler=True,
                burst=burst,
                verbosity=verbosity,
            )
        else:
            raise CommandError(
                f"TASKS_BACKEND is {type(backend).__name__}: tasks run in the process that queues them, "
                "so there is nothing for a worker to do."
            )
