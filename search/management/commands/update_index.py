"""Wagtail's `update_index`, which also rewrites the stories' reader-search documents and refreshes statistics.

On PostgreSQL every story's document (search.documents) is written again,
then vacuumed, as the rewrite leaves as many dead rows for searches to read
through. `ANALYZE` follows on both databases: SQLite keeps no statistics of
its own. `--documents-only` skips Wagtail's index.
"""

from django.db import connection
from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search.documents import is_kept, rewrite_documents
from search.models import StoryDocument


def refresh_statistics() -> str:
    """Vacuum the documents (PostgreSQL, outside a transaction) and ANALYZE; says what was done."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute(f"VACUUM {StoryDocument._meta.db_table}")
            cursor.execute("ANALYZE")
            return "VACUUM and ANALYZE"
        cursor.execute("ANALYZE")
        return "ANALYZE"


class Command(WagtailUpdateIndex):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--documents-only",
            action="store_true",
            help="Only rewrite the stories' reader-search documents (PostgreSQL) and refresh statistics",
        )

    def handle(self, **options):
        if not options["documents_only"]:
            super().handle(**options)
        if is_kept() and not options.get("schema_only"):
            written = rewrite_documents()
            self.stdout.write(f"Reader search: wrote the documents of {written} stories")
        self.stdout.write(f"Database statistics refreshed ({refresh_statistics()})")
