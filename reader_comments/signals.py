"""Refresh a story's cached page when what readers see in its comments changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from news.staleness import stale_after_comment_rules_change, stale_after_comments_change
from reader_comments.models import Comment, CommentSettings


@receiver(post_save, sender=Comment)
def purge_story_when_visible_comments_change(sender, instance, created, **kwargs):
    """Purge when the saved comment is approved now or was before (approved, edited, rejected).

    A new pending comment does not purge: readers cannot see it, and a flood
    of submissions must not be able to empty the page cache.
    """
    if instance.status == Comment.Status.APPROVED or instance.was_visible:
        article_id = instance.article_id
        stale_after_comments_change([article_id])
    instance._loaded_status = instance.status


@receiver(post_delete, sender=Comment)
def purge_story_when_visible_comment_deleted(sender, instance, origin=None, **kwargs):
    """Purge when an approved comment is deleted on its own.

    Not when it goes because its story is deleted: the story's own
    unpublishing purges it, and the story row may already be gone.
    """
    if instance.status != Comment.Status.APPROVED:
        return
    if origin is not None and not isinstance(origin, Comment) and getattr(origin, "model", None) is not Comment:
        return
    article_id = instance.article_id
    stale_after_comments_change([article_id])


@receiver([post_save, post_delete], sender=CommentSettings)
def forget_cached_comment_settings(sender, **kwargs):
    CommentSettings.forget_cached()


@receiver(post_save, sender=CommentSettings)
def purge_every_page_when_comment_rules_change(sender, created=False, raw=False, **kwargs):
    """Closing comments or changing their rules shows on every story's form at once.

    Not when the rules are first created, with their defaults, by a page reading them.
    """
    if created or raw:
        return
    stale_after_comment_rules_change()
