from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from demo.accounts import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = "Print the demo sign-ins that load_demo_content creates (for a local demo only)."

    def handle(self, *args, **options):
        existing = set(
            get_user_model()
            .objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
            .values_list("username", flat=True)
        )
        self.stdout.write("  Demo sign-ins (local demo only):")
        for account in DEMO_ACCOUNTS:
            note = "" if account.username in existing else "  (not created yet: run load_demo_content)"
            self.stdout.write(f"    {account.username:<9} {account.password:<20} {account.does}{note}")
