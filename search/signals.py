"""Keeping a story's index entry, reader-search document, related list and search promotions in step."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.signals import page_published, page_unpublished, post_page_move

from background.search_index import queue_index_update
from background.tasks import enqueue_on_commit, retried_task
from news.models import ArticlePage, Author, SectionPage
from search.documents import rewrite_documents, write_documents
from search.promotions import PROMOTED_QUERIES_KEY
from search.related import forget_related
from search.views import READER_SECTIONS_KEY


@receiver(page_published)
def reindex_published_story(sender, instance, **kwargs):
    """Index a story again once publishing has saved its tags and authors (queued: publishing never waits on it)."""
    if not isinstance(instance, ArticlePage):
        return
    queue_index_update(instance)
    forget_related(instance.pk)


# The fields a story's document reads from its own row: a save that writes none of them
# (Wagtail saving a draft revision, locking) leaves the document as it is.
DOCUMENT_FIELDS = frozenset({"title", "dek", "body", "section", "display_date", "live"})


@receiver(post_save, sender=ArticlePage)
def write_story_document(sender, instance, raw=False, update_fields=None, **kwargs):
    """Write the document of a story saved with its text; unpublishing saves the whole page, not live: it goes."""
    if raw or (update_fields is not None and not DOCUMENT_FIELDS & set(update_fields)):
        return
    write_documents([instance])


@receiver(post_page_move)
def rewrite_moved_story_document(sender, instance, **kwargs):
    """A story moved to another section is found under that section's name (read from the tree here)."""
    if not issubclass(instance.specific_class or object, ArticlePage):
        return
    story = ArticlePage.get_indexed_objects().get(pk=instance.pk)
    story.section = SectionPage.objects.filter(pk=story.section_id_from_tree()).first()
    write_documents([story])


@receiver(post_save, sender=Author)
@receiver(post_save, sender=Tag)
def rewrite_documents_naming(sender, instance, raw=False, created=False, **kwargs):
    """An author or a tag renamed (in the admin) is found under the new name in every story that has it."""
    if not raw and not created:
        naming = {"authors__author": instance} if sender is Author else {"tags": instance}
        rewrite_documents(ArticlePage.objects.filter(**naming))


@retried_task()
def rewrite_section_documents(section_id):
    """Rewrite the documents of a section's stories, which hold its name."""
    rewrite_documents(ArticlePage.objects.filter(section_id=section_id))


@receiver([post_save, post_delete], sender=SearchPromotion)
@receiver([post_save, post_delete], sender=Query)
def forget_promotions(sender, **kwargs):
    """A promotion added, changed or removed (in the admin, or with its query) shows on the next search."""
    cache.delete(PROMOTED_QUERIES_KEY)


@receiver([page_published, page_unpublished, post_page_move, post_delete])
def section_changed(sender, signal, instance, **kwargs):
    """A section published, unpublished, moved or deleted changes the section filter (known by the sender's class).

    Published (perhaps renamed), its thousands of stories' documents are rewritten in the background.
    """
    if issubclass(sender, SectionPage):
        cache.delete(READER_SECTIONS_KEY)
        if signal is page_published:
            enqueue_on_commit(rewrite_section_documents, instance.pk)
