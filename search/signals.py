"""Keeping a story's index entry, related list and search promotions in step with what was published."""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.signals import page_published, page_unpublished, post_page_move

from background.search_index import queue_index_update
from search.database_backend import forget_story_results, refresh_story_paths
from search.promotions import forget_promoted_queries
from search.related import forget_related
from search.views import forget_reader_sections


@receiver(page_published)
def reindex_published_story(sender, instance, **kwargs):
    """Index a story again once publishing has saved its tags and authors.

    The index is updated when the page row is saved, which comes before its
    tags and author links are written, so a new story would otherwise be
    indexed without them (and found by neither until its next save). This
    queues the entry's write a second time (background.search_index), so
    publishing never waits on a search engine.
    """
    from news.models import ArticlePage

    if not isinstance(instance, ArticlePage):
        return
    queue_index_update(instance)
    forget_related(instance.pk)


@receiver(post_page_move)
def follow_moved_stories(sender, instance, **kwargs):
    """Stories under a moved page get new tree paths (and a moved story a new section) without being saved.

    Runs after news.signals has set a moved story's section (the news app is
    listed, and so connected, first).
    """
    refresh_story_paths(instance.path)


@receiver(post_migrate)
def forget_search_results_after_migrating(sender, **kwargs):
    """A migration may rewrite the story search table directly (as search 0004 does), out of the index's sight."""
    if sender.label == "search":
        forget_story_results()


@receiver([post_save, post_delete], sender=SearchPromotion)
@receiver([post_save, post_delete], sender=Query)
def forget_promotions(sender, **kwargs):
    """A promotion added, changed or removed (in the admin, or with its query) shows on the next search."""
    forget_promoted_queries()


@receiver([page_published, page_unpublished, post_page_move, post_delete])
def forget_sections(sender, **kwargs):
    """A section published (or renamed), unpublished, moved or deleted changes the search page's section filter.

    Told by the sender, the section's class: a move sends the page itself as a plain Page.
    """
    from news.models import SectionPage

    if issubclass(sender, SectionPage):
        forget_reader_sections()
