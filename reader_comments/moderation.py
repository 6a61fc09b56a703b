"""Moderating comments: changing their status and refreshing the cached stories it affects."""

from django.db import transaction
from django.utils import timezone

from news.staleness import stale_after_comments_change
from reader_comments.models import Comment


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
        stale_after_comments_change(affected)
    return len(comments)
