"""Reader comments under stories, and the site settings that govern them."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from caching.settings import CachedSettingMixin

MAX_NAME_LENGTH = 80
MAX_TEXT_LENGTH = 5000
REMOVED_COMMENTER = "Removed commenter"


class CommentQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def thread_for(self, article) -> list["Comment"]:
        """The story's approved comments as readers see them, in one query.

        Returns the top-level comments oldest first, each with `reply_list`
        (its approved replies, oldest first) and `number` ("1", "1.1", ...).
        A reply whose parent is not approved is left out with it: a reply
        makes no sense under a comment readers cannot see.
        """
        rows = list(
            self.approved()
            .filter(article=article)
            .only("pk", "parent_id", "name", "text", "created_at", "commenter_removed")
            .order_by("created_at", "pk")
        )
        top_level = [c for c in rows if c.parent_id is None]
        by_id = {c.pk: c for c in top_level}
        for number, comment in enumerate(top_level, start=1):
            comment.number = str(number)
            comment.reply_list = []
        for reply in rows:
            parent = by_id.get(reply.parent_id) if reply.parent_id else None
            if parent is not None:
                parent.reply_list.append(reply)
                reply.number = f"{parent.number}.{len(parent.reply_list)}"
        return top_level

    def count_from_ip_since(self, ip_address, since) -> int:
        """How many comments this address has sent since `since` (spam included), for the rate limit."""
        if not ip_address:
            return 0
        return self.filter(ip_address=ip_address, created_at__gte=since).count()

    def has_approved_from(self, name, email) -> bool:
        """Whether this name and email already have an approved comment (the trust rule).

        Both must match: the name is public but the email is never shown, so
        a stranger who copies a trusted reader's name still waits for a moderator.
        """
        return self.approved().filter(email=email.strip().lower(), name=name).exists()

    def forget_ip_addresses_before(self, cutoff) -> int:
        """Blank the IP address of comments posted before `cutoff`; returns how many were blanked."""
        return self.filter(ip_address__isnull=False, created_at__lt=cutoff).update(ip_address=None)


class Comment(models.Model):
    """What a reader wrote under a story; shown only once a moderator (or the trust rule) approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="comments", verbose_name="story"
    )
    # One level deep: a reply always points at a top-level comment. When a
    # parent is deleted (erase_commenter --delete) other readers' replies stay
    # and move up to the top level.
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        verbose_name="in reply to",
    )
    name = models.CharField(max_length=MAX_NAME_LENGTH, blank=True)
    email = models.EmailField(blank=True, help_text="Never shown to readers. Stored in lower case.")
    text = models.TextField(max_length=MAX_TEXT_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("posted", default=timezone.now)
    # Kept only while the rate limit window lasts (the limit counts stored
    # comments per address), then blanked: on every new comment and by the
    # forget_commenter_ips command. See reader_comments.views.
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    commenter_removed = models.BooleanField(
        default=False, help_text="The commenter asked to be forgotten: name, email and address were erased."
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    panels = [
        FieldPanel("status"),
        FieldPanel("name"),
        FieldPanel("text"),
        FieldPanel("article", read_only=True),
        FieldPanel("email", read_only=True),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread"),
            models.Index(fields=["status", "-created_at"], name="comment_queue"),
            models.Index(fields=["email"], name="comment_email"),
            models.Index(fields=["ip_address", "created_at"], name="comment_ip_recent"),
            models.Index(
                fields=["created_at"],
                name="comment_ip_to_forget",
                condition=models.Q(ip_address__isnull=False),
            ),
        ]

    def __str__(self):
        return Truncator(" ".join(self.text.split())).chars(80)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Lets the post_save handler tell whether readers could see the comment before this save.
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def was_visible(self) -> bool:
        """Whether the stored row, before any unsaved change, was approved (readers saw it)."""
        return getattr(self, "_loaded_status", None) == self.Status.APPROVED

    @property
    def display_name(self) -> str:
        return REMOVED_COMMENTER if self.commenter_removed or not self.name else self.name


@register_setting(icon="comment")
class CommentSettings(CachedSettingMixin, BaseGenericSetting):
    """How reader comments are opened, filtered and limited across the site.

    Kept in the cache (caching.settings): every story page reads them. reader_comments.signals
    forgets the copy when they are saved.
    """

    close_after_days = models.PositiveIntegerField(
        "close comments after (days)",
        default=0,
        help_text="Stories older than this many days stop taking comments. 0 keeps comments open on every story.",
    )
    blocklist = models.TextField(
        blank=True,
        help_text=(
            "One word, phrase or web address per line. Comments whose name, email or text contain one are "
            "refused. Words match whole words, in any case; addresses (with a dot or slash) match anywhere."
        ),
    )
    trust_returning_commenters = models.BooleanField(
        "publish returning commenters at once",
        default=True,
        help_text="Publish without moderation when the same name and email already have an approved comment.",
    )
    rate_limit_count = models.PositiveSmallIntegerField(
        "comments allowed per window",
        default=5,
        validators=[MinValueValidator(1)],
        help_text="How many comments one address (network or email) may send per window before being told to slow down.",
    )
    rate_limit_minutes = models.PositiveSmallIntegerField(
        "window (minutes)",
        default=10,
        validators=[MinValueValidator(1)],
        help_text="The rate limit window. Commenters' IP addresses are kept this long, then erased.",
    )
    minimum_fill_seconds = models.PositiveSmallIntegerField(
        "minimum time to write (seconds)",
        default=3,
        help_text="Submissions sent sooner than this after the form was shown are treated as automated.",
    )

    panels = [
        FieldPanel("close_after_days"),
        FieldPanel("trust_returning_commenters"),
        MultiFieldPanel(
            [FieldPanel("blocklist"), FieldPanel("minimum_fill_seconds")],
            heading="Spam",
        ),
        MultiFieldPanel(
            [FieldPanel("rate_limit_count"), FieldPanel("rate_limit_minutes")],
            heading="Rate limit",
        ),
    ]

    class Meta:
        verbose_name = "comment settings"

    @property
    def rate_limit_window(self) -> timedelta:
        return timedelta(minutes=max(self.rate_limit_minutes, 1))

    def comments_open_on(self, article, now=None) -> bool:
        """Whether the story takes new comments: its own switch, and not older than the site's limit."""
        if not article.comments_enabled:
            return False
        if self.close_after_days and article.date is not None:
            now = now or timezone.now()
            return now - article.date <= timedelta(days=self.close_after_days)
        return True

    def blocked_terms(self) -> list[str]:
        return [line.strip().lower() for line in self.blocklist.splitlines() if line.strip()]

    def contains_blocked_term(self, *texts) -> bool:
        """Whether any of the texts holds a blocklisted word (whole word) or address (anywhere), ignoring case."""
        haystack = "\n".join(texts).lower()
        for term in self.blocked_terms():
            if "." in term or "/" in term:
                if term in haystack:
                    return True
            elif re.search(rf"(?<!\w){re.escape(term)}(?!\w)", haystack):
                return True
        return False
