"""Keeping a story's index entry and related list in step with what was published."""

from django.dispatch import receiver
from modelsearch.index import insert_or_update_object
from wagtail.signals import page_published

from search.related import forget_related


@receiver(page_published)
def reindex_published_story(sender, instance, **kwargs):
    """Index a story again once publishing has saved its tags and authors.

    The index is updated when the page row is saved, which comes before its
    tags and author links are written, so a new story would otherwise be
    indexed without them (and found by neither until its next save). This
    writes the entry a second time, which costs a few milliseconds per
    publish; Elasticsearch errors are logged by modelsearch, not raised.
    """
    from news.models import ArticlePage

    if not isinstance(instance, ArticlePage):
        return
    insert_or_update_object(instance)
    forget_related(instance.pk)
