"""Wagtail's `update_index`, which also rewrites the stories' reader-search documents and refreshes statistics.

After the index, on PostgreSQL every story's document (search.documents) is
written again. Then the database's planner statistics are refreshed
(`ANALYZE`): SQLite keeps none of its own, and without them a search or a
related list over thousands of stories is planned as if the tables were
empty (seconds instead of milliseconds). `--documents-only` skips Wagtail's
index, e.g. after upgrading to a release that changed the documents.
"""

from django.db import connection
from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search.documents import is_kept, rewrite_documents


def refresh_statistics():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


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
        refresh_statistics()
        self.stdout.write("Database statistics refreshed (ANALYZE)")
