"""What feed imports remember: which partner item became which story, and each run's report."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ImportedItem(models.Model):
    """One item of a partner's feed and the story it became.

    Identified by the item's GUID, or its link when the feed gives no GUID,
    so a re-run recognises it. The content fingerprint tells an unchanged
    item from one the partner has corrected since.
    """

    partner = models.ForeignKey("news.SyndicationPartner", on_delete=models.CASCADE, related_name="imported_items")
    identity = models.CharField(
        max_length=64, help_text="SHA-256 of the item's GUID (or of its link when it has no GUID)."
    )
    guid = models.TextField(blank=True)
    link = models.URLField(blank=True, max_length=2000)
    article = models.ForeignKey(
        "news.ArticlePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when an editor has deleted the story; the item is then not imported again.",
    )
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the item's content as last imported.")
    first_imported_at = models.DateTimeField(auto_now_add=True)
    last_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "identity"], name="imported_item_unique_per_partner")]

    def __str__(self):
        return self.guid or self.link


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    PARTLY_FAILED = "partly-failed", "Some items failed"
    FAILED = "failed", "Failed"

    @classmethod
    def unfinished(cls):
        return [cls.QUEUED, cls.RUNNING]


class ItemOutcome(models.TextChoices):
    NEW = "new", "New"
    UPDATED = "updated", "Updated"
    UNCHANGED = "unchanged", "Unchanged"
    FAILED = "failed", "Failed"


class ImportReport(models.Model):
    """The record of one feed import, kept so editors can see in the admin what each run did.

    Written when the import is asked for (queued), so the admin shows it
    waiting and running, and filled in by the task that runs it. A partner
    has at most one unfinished import, which the database enforces.
    """

    partner = models.ForeignKey("news.SyndicationPartner", on_delete=models.CASCADE, related_name="import_reports")
    source = models.CharField(max_length=2000, help_text="The feed address or file imported from.")
    started_at = models.DateTimeField(help_text="When the import was asked for.")
    finished_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=ImportStatus.choices)
    message = models.TextField(blank=True, help_text="Why the whole run failed, when it did.")
    new_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    items = models.JSONField(
        default=list,
        blank=True,
        help_text="One entry per feed item: headline, link, outcome, reason and the story's id.",
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["partner", "-started_at"], name="import_report_partner_started")]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(status__in=["queued", "running"]),
                name="one_unfinished_import_per_partner",
            )
        ]

    def __str__(self):
        return f"{self.partner} — {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.status not in ImportStatus.unfinished()

    def summary(self) -> str:
        """One line for the command's output and the admin message, e.g. “2 new, 0 updated, 1 unchanged, 0 failed”."""
        if self.status == ImportStatus.QUEUED:
            return "Import started: waiting for the background worker"
        if self.status == ImportStatus.RUNNING:
            return "Import running"
        if self.status == ImportStatus.FAILED:
            return f"Import failed: {self.message}"
        return (
            f"{self.new_count} new, {self.updated_count} updated, "
            f"{self.unchanged_count} unchanged, {self.failed_count} failed"
        )
