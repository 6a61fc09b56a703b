"""Keeping a story's index entry and related list in step with what was published."""

from django.dispatch import receiver
from modelsearch.index import insert_or_update_object
from wagtail.signals import page_published, post_page_move

from search.database_backend import refresh_story_paths
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


@receiver(post_page_move)
def follow_moved_stories(sender, instance, **kwargs):
    """Stories under a moved page get new tree paths (and a moved story a new section) without being saved.

    Runs after news.signals has set a moved story's section (the news app is
    listed, and so connected, first).
    """
    refresh_story_paths(instance.path)
