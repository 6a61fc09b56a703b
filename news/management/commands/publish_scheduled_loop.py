"""Keep scheduled stories going live, and owed cache purges sent, on a development machine, where there is no cron."""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Revision

logger = logging.getLogger("masthead.workflow")


class Command(BaseCommand):
    help = (
        "Run Wagtail's publish_scheduled and send_purges every --interval seconds until stopped. "
        "`make run` starts it beside the development server; production runs both from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=int, default=60, metavar="SECONDS", help="Seconds between runs (default 60)."
        )

    def handle(self, *args, interval=60, **options):
        if interval < 1:
            raise CommandError("--interval must be at least 1 second.")
        self.stdout.write(f"Publishing scheduled stories every {interval} s.")
        try:
            while True:
                self.publish_due()
                self.send_owed_purges()
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("Scheduled publishing stopped.")

    def publish_due(self):
        """One run of publish_scheduled; a failure is logged and the next run tries again.

        On SQLite a run can meet a write lock held by the development server;
        giving up the whole loop for that would leave embargoed stories unpublished.
        """
        try:
            due = Revision.objects.filter(approved_go_live_at__lte=timezone.now()).count()
            call_command("publish_scheduled", stdout=self.stdout)
        except Exception:
            logger.exception("publish_scheduled failed; trying again at the next interval")
            return
        if due:
            self.stdout.write(self.style.SUCCESS(f"Published {due} scheduled revision(s)."))

    def send_owed_purges(self):
        """Purges an HTTP cache did not confirm are sent again (see caching.purge)."""
        try:
            call_command("send_purges", stdout=self.stdout)
        except Exception:
            logger.exception("send_purges failed; trying again at the next interval")
