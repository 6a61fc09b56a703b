"""Each live story's reader-search document (search.models.StoryDocument), written from Python on PostgreSQL.

Weighted as ArticlePage's index definition ranks its fields: headline A, dek B, tags, author and section names C,
body D. A draft saved in the editor leaves the document alone: it holds what is live."""

from functools import reduce
from operator import add

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models import Value

from news.models import ArticlePage
from search.models import StoryDocument

BATCH_SIZE = 500

# ts_rank's weights for D, C, B and A.
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]


def is_kept(using="default") -> bool:
    """Documents are kept, and read, on PostgreSQL only."""
    return connections[using].vendor == "postgresql"


def document_of(story) -> SearchVector:
    """The weighted vector of `story` as it is in memory (its tags and authors as loaded)."""
    authors = [link.author.name for link in story.authors.all() if link.author_id]
    texts = {
        "A": [story.title],
        "B": [story.dek],
        "C": [story.tag_names(), *authors, story.section_title],
        "D": story.body.stream_block.get_searchable_content(story.body),
    }
    config = settings.SEARCH_TEXT_CONFIG
    vectors = [SearchVector(Value(" ".join(filter(None, t))), config=config, weight=w) for w, t in texts.items()]
    return reduce(add, vectors)


def write_documents(stories, using="default"):
    """Write the documents of the live `stories` (tags and authors loaded) and remove the others', a statement each."""
    if not stories or not is_kept(using):
        return
    StoryDocument.objects.using(using).filter(page__in=[story.pk for story in stories if not story.live]).delete()
    StoryDocument.objects.using(using).bulk_create(
        [StoryDocument(page_id=s.pk, document=document_of(s), display_date=s.display_date) for s in stories if s.live],
        update_conflicts=True,
        unique_fields=["page"],
        update_fields=["document", "display_date"],
    )


def rewrite_documents(stories=None, using="default") -> int:
    """Rewrite the documents of `stories` (an ArticlePage queryset; all by default) in batches; says how many."""
    if not is_kept(using):
        return 0
    ids = list((stories if stories is not None else ArticlePage.objects.all()).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ArticlePage.get_indexed_objects().using(using).filter(pk__in=ids[start : start + BATCH_SIZE])
        write_documents(list(batch), using)
    return len(ids)
