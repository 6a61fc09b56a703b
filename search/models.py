"""The reader-search document of each live story on PostgreSQL: one weighted `tsvector` with a GIN index, and the
story's display date, so matching, counting and listing newest first read this table alone. Written from Python
(search.documents), never by the database; empty on other databases."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class StoryDocument(models.Model):
    page = models.OneToOneField(
        "news.ArticlePage", primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    document = SearchVectorField()
    display_date = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "story search document"
        indexes = [
            # Created on PostgreSQL only (migration 0002): other databases have no GIN index.
            GinIndex(fields=["document"], name="storydocument_document_gin"),
            models.Index(fields=["-display_date", "-page"], name="storydocument_newest"),
        ]

    def __str__(self):
        return f"Search document of story {self.page_id}"
