from django.core.management.base import BaseCommand

from caching.purge import send_pending


class Command(BaseCommand):
    help = "Send the purges the HTTP caches (Varnish, a CDN) have not yet confirmed, now (run_due_jobs queues this every minute)."

    def handle(self, *args, **options):
        owed = send_pending()
        if owed:
            self.stdout.write(f"{owed} purge(s) could not be sent yet; they will be tried again.")
        elif options["verbosity"] > 1:
            self.stdout.write("Every purge has been sent.")
