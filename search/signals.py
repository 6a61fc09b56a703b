"""Keeping a story's index entry, reader-search document, related list and search promotions in step."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.signals import page_published, page_unpublished, post_page_move

from background.search_index import queue_index_update
from background.tasks import enqueue_on_commit, retried_task
from news.models import ArticlePage, ArticlePageTag, Author, SectionPage
from search.documents import rewrite_documents, write_documents
from search.promotions import forget_promoted_queries
from search.related import forget_related
from search.views import forget_reader_sections


@receiver(page_published)
def reindex_published_story(sender, instance, **kwargs):
    """Index a story again once publishing has saved its tags and authors, which come after the page row.

    Queued (background.search_index), so publishing never waits on a search engine.
    """
    if not isinstance(instance, ArticlePage):
        return
    queue_index_update(instance)
    forget_related(instance.pk)


# The fields a story's document reads from its own row: a save that writes none of them
# (Wagtail saving a draft revision, locking) leaves the document as it is.
DOCUMENT_FIELDS = frozenset({"title", "dek", "body", "section", "display_date", "live"})


@receiver(post_save, sender=ArticlePage)
def write_story_document(sender, instance, raw=False, update_fields=None, **kwargs):
    """Write the document of a story saved with its text (from the story in memory, its tags and authors included).

    Unpublishing (by an editor, or on expiry) saves the whole page, not live: the document goes.
    """
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
def rewrite_documents_of_author(sender, instance, raw=False, **kwargs):
    """An author renamed is found under the new name in every story they wrote."""
    if not raw:
        rewrite_documents(ArticlePage.objects.filter(authors__author=instance))


@receiver(post_save, sender=Tag)
def rewrite_documents_of_tag(sender, instance, raw=False, created=False, **kwargs):
    """A tag renamed in the admin is found under the new name in every story that has it."""
    if not raw and not created:
        tagged = ArticlePageTag.objects.filter(tag=instance).values("content_object_id")
        rewrite_documents(ArticlePage.objects.filter(pk__in=tagged))


@retried_task()
def rewrite_section_documents(section_id):
    """The documents of a section's stories, which hold its name: in the background, as a section has thousands."""
    rewrite_documents(ArticlePage.objects.filter(section_id=section_id))


@receiver(page_published, sender=SectionPage)
def rewrite_documents_of_section(sender, instance, **kwargs):
    """A section published, perhaps renamed: its stories are found under its name as it now is."""
    enqueue_on_commit(rewrite_section_documents, instance.pk)


@receiver([post_save, post_delete], sender=SearchPromotion)
@receiver([post_save, post_delete], sender=Query)
def forget_promotions(sender, **kwargs):
    """A promotion added, changed or removed (in the admin, or with its query) shows on the next search."""
    forget_promoted_queries()


@receiver([page_published, page_unpublished, post_page_move, post_delete])
def forget_sections(sender, **kwargs):
    """A section published, unpublished, moved or deleted changes the section filter (known by the sender's class)."""
    if issubclass(sender, SectionPage):
        forget_reader_sections()
