"""Wagtail's `update_index`, which also rewrites the reader-search documents (`--documents-only`: those alone).

Then VACUUM on PostgreSQL (the rewrite leaves a dead row per story), and ANALYZE, which SQLite never runs itself."""

from django.db import connection
from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search.documents import is_kept, rewrite_documents
from search.models import StoryDocument


class Command(WagtailUpdateIndex):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--documents-only", action="store_true", help="Skip Wagtail's index")

    def handle(self, **options):
        if not options["documents_only"]:
            super().handle(**options)
        if is_kept() and not options.get("schema_only"):
            self.stdout.write(f"Reader search: wrote the documents of {rewrite_documents()} stories")
        with connection.cursor() as cursor:
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block  # VACUUM needs no transaction
            if vacuum:
                cursor.execute(f"VACUUM {StoryDocument._meta.db_table}")
            cursor.execute("ANALYZE")
        self.stdout.write(f"Database statistics refreshed ({'VACUUM and ANALYZE' if vacuum else 'ANALYZE'})")
