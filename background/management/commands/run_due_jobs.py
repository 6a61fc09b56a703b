import time

from django.core.management.base import BaseCommand, CommandError

from background.due import run_due_jobs


class Command(BaseCommand):
    help = (
        "Do what is due: publish scheduled stories, start partners' scheduled imports, queue owed cache purges "
        "and requeue work a stopped worker dropped. Run it every minute (cron in production; `make run` "
        "runs it with --every 60)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running, once every SECONDS, until stopped (for development, where there is no cron).",
        )

    def handle(self, *args, every=None, **options):
        if every is not None and every < 1:
            raise CommandError("--every must be at least 1 second.")
        try:
            while True:
                self.run_once(options["verbosity"])
                if every is None:
                    return
                time.sleep(every)
        except KeyboardInterrupt:
            pass

    def run_once(self, verbosity):
        for name, count in run_due_jobs().items():
            if count is None:
                self.stderr.write(self.style.ERROR(f"{name}: failed (see the log)"))
            elif count or verbosity > 1:
                self.stdout.write(f"{name}: {count}")
