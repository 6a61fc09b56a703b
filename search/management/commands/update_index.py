"""Wagtail's `update_index`, which also rewrites the stories' reader-search documents and refreshes statistics.

On PostgreSQL the documents are vacuumed after the rewrite, which leaves as
many dead rows for searches to read through. SQLite keeps no statistics of
its own, hence `ANALYZE` on both. `--documents-only` skips Wagtail's index.
"""

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
