"""Moderating comments: changing their status and refreshing the cached stories it affects."""

from django.db import transaction
from django.utils import timezone

from comments.models import Comment
from news.purging import page_path
from website.page_cache import purge_paths


def purge_story_pages(article_ids):
    """Drop the cached copies of these stories, so readers see the comments as they now stand.

    Only the stories themselves: listings do not show comments.
    """
    from news.models import ArticlePage

    paths = [page_path(article) for article in ArticlePage.objects.filter(pk__in=set(article_ids))]
    purge_paths([path for path in paths if path])


def moderate(comments, status, user=None) -> int:
    """Give these comments a new status, recording who did it and when; returns how many changed.

    Purges the cached page of every story whose visible comments change
    (one that gains or loses an approved comment).
    """
    comments = [c for c in comments if c.status != status]
    if not comments:
        return 0
    affected = {
        c.article_id for c in comments if status == Comment.Status.APPROVED or c.status == Comment.Status.APPROVED
    }
    with transaction.atomic():
        Comment.objects.filter(pk__in=[c.pk for c in comments]).update(
            status=status, moderated_at=timezone.now(), moderated_by=user
        )
        transaction.on_commit(lambda: purge_story_pages(affected))
    return len(comments)
