"""The reader-search document of each story: one weighted `tsvector` with a GIN index (PostgreSQL).

Reader search on PostgreSQL matches `document` with `websearch_to_tsquery`
through the ORM (search.reader_search). A story has a document while it is
live, carrying its display date, so that a search reads this table alone:
matching, counting and listing newest first need no other. The document is
written from Python by search.documents whenever a story is published or its
text, tags, authors or section change, and removed when it is unpublished;
nothing in the database writes it. On other databases the table is empty and
reader search uses Wagtail's database backend.
"""

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
