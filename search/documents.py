"""Each story's reader-search document (search.models.StoryDocument), written from Python on PostgreSQL.

A document is one `tsvector` built with Django's `SearchVector` in the
`SEARCH_TEXT_CONFIG` language, weighted as ArticlePage's index definition
ranks its fields: the headline (boosted there) A, the dek B, tags, author
names and section name C, the body D. Ranking reads the same weights
(search.reader_search).

search.signals writes a story's document when it is saved or published,
removes it when the story is unpublished (a save not live), and rewrites the documents of the
stories a move, an author, a section or a tag name changes. `update_index`
rewrites them all. Only live stories have a document, with their display
date, which is what reader search lists and orders by. A draft saved in the
editor leaves the document alone: it holds what is live.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models import Value

from news.models import ArticlePage
from search.models import StoryDocument

BATCH_SIZE = 500

# The fields of ArticlePage's index definition a document holds, and the weight of each.
WEIGHTED_PARTS = (
    ("A", lambda story: [story.title]),
    ("B", lambda story: [story.dek]),
    (
        "C",
        lambda story: [
            story.tag_names(),
            *(link.author.name for link in story.authors.all() if link.author_id),
            story.section_title,
        ],
    ),
    ("D", lambda story: story.body.stream_block.get_searchable_content(story.body)),
)
# ts_rank's weights for D, C, B and A.
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]


def text_config() -> str:
    return settings.SEARCH_TEXT_CONFIG


def is_kept(using="default") -> bool:
    """Documents are kept, and read, on PostgreSQL only."""
    return connections[using].vendor == "postgresql"


def document_of(story) -> SearchVector:
    """The weighted vector of `story` as it is in memory (its tags and authors as loaded)."""
    config = text_config()
    vector = None
    for weight, read in WEIGHTED_PARTS:
        text = " ".join(part for part in read(story) if part)
        part = SearchVector(Value(text), config=config, weight=weight)
        vector = part if vector is None else vector + part
    return vector


def write_documents(stories, using="default"):
    """Write the documents of the live `stories` (ArticlePage objects with their tags and authors), remove the others'.

    One statement for each.
    """
    if not stories or not is_kept(using):
        return
    StoryDocument.objects.using(using).filter(page__in=[story.pk for story in stories if not story.live]).delete()
    StoryDocument.objects.using(using).bulk_create(
        [
            StoryDocument(page_id=story.pk, document=document_of(story), display_date=story.display_date)
            for story in stories
            if story.live
        ],
        update_conflicts=True,
        unique_fields=["page"],
        update_fields=["document", "display_date"],
    )


def stories_to_index():
    """Stories with everything their document reads, loaded in bulk (as for Wagtail's index)."""
    return ArticlePage.get_indexed_objects().order_by("pk")


def rewrite_documents(stories=None, using="default") -> int:
    """Rewrite the documents of `stories` (an ArticlePage queryset; all by default) from the database, in batches.

    Returns how many were written.
    """
    if not is_kept(using):
        return 0
    ids = list((stories if stories is not None else ArticlePage.objects.all()).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        write_documents(list(stories_to_index().using(using).filter(pk__in=ids[start : start + BATCH_SIZE])), using)
    return len(ids)
