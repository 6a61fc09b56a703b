from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class NoteKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    UPDATE = "update", "Update"


class StoryNote(models.Model):
    """A dated correction or update on a story, shown to readers above (correction) or below (update) the text.

    Stored with the story's revisions (a ParentalKey child), so it is
    reviewed with the story and appears only once a reviewer publishes it.
    """

    story = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(
        max_length=12,
        choices=NoteKind.choices,
        default=NoteKind.CORRECTION,
        help_text="A correction fixes something the story got wrong; an update adds what happened since.",
    )
    text = models.TextField(
        help_text="As readers will see it: what was wrong and what is right, or what is new. "
        "For example: “An earlier version gave the bridge's length as 300 m; it is 250 m.”"
    )
    noted_at = models.DateTimeField(
        "Date and time",
        default=timezone.now,
        db_index=True,
        help_text="When the story was corrected or updated; readers see this date.",
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("noted_at")]), FieldPanel("text")]

    class Meta:
        ordering = ["-noted_at", "-pk"]
        verbose_name = "correction or update"
        verbose_name_plural = "corrections and updates"

    def __str__(self):
        return f"{self.get_kind_display()} of {timezone.localtime(self.noted_at):%-d %B %Y}: {self.text[:60]}"

    @property
    def is_correction(self) -> bool:
        return self.kind == NoteKind.CORRECTION
