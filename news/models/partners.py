from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel

from news.models.syndication import ImportReport


class SearchEnginePolicy(models.TextChoices):
    NOINDEX_GOOGLEBOT_NEWS = "noindex-googlebot-news", "Keep out of Google News (Googlebot-News noindex)"
    CANONICAL_TO_ORIGINAL = "canonical", "Point search engines to the original (rel=canonical)"
    NONE = "none", "No special handling"


class SyndicationPartnerQuerySet(models.QuerySet):
    def with_story_counts(self):
        """Partners annotated with `live_story_count`, `draft_story_count` and `last_import_at`.

        One query for the whole admin listing, however many partners and
        stories there are, instead of a count per row.
        """
        latest_report = ImportReport.objects.filter(partner=OuterRef("pk")).order_by("-started_at")
        return self.annotate(
            live_story_count=Count("articles", filter=Q(articles__live=True), distinct=True),
            draft_story_count=Count("articles", filter=Q(articles__live=False), distinct=True),
            last_import_at=Subquery(latest_report.values("started_at")[:1]),
            last_import_status=Subquery(latest_report.values("status")[:1]),
        )


class SyndicationPartner(models.Model):
    """Another outlet whose stories we republish under its licence."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True, help_text="Short name used by the feed import command.")
    website = models.URLField(blank=True)
    feed_url = models.URLField(blank=True, max_length=500, help_text="RSS or Atom feed we import stories from.")
    licensing_contact = models.EmailField(blank=True, help_text="Whom to ask about using this partner's stories.")
    default_licensing_notice = models.ForeignKey(
        "news.LicensingNoticePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Applied to this partner's stories unless an editor picks another.",
    )
    default_section = models.ForeignKey(
        "news.SectionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where imported stories are filed.",
    )
    search_engine_policy = models.CharField(
        max_length=32,
        choices=SearchEnginePolicy.choices,
        default=SearchEnginePolicy.NOINDEX_GOOGLEBOT_NEWS,
        help_text="Google recommends keeping syndicated copies out of Google News.",
    )
    active = models.BooleanField(default=True, help_text="Inactive partners are not imported from.")
    import_every_minutes = models.PositiveIntegerField(
        "import every (minutes)",
        default=0,
        help_text="Import the feed on its own this often, e.g. 15. 0: only when someone clicks “Import now”.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("website"), FieldPanel("active")], heading="Partner"
        ),
        MultiFieldPanel(
            [
                FieldPanel("feed_url"),
                PageChooserPanel("default_section", "news.SectionPage"),
                FieldPanel("import_every_minutes"),
            ],
            heading="Feed import",
        ),
        MultiFieldPanel(
            [
                FieldPanel("licensing_contact"),
                PageChooserPanel("default_licensing_notice", "news.LicensingNoticePage"),
                FieldPanel("search_engine_policy"),
            ],
            heading="Licensing",
        ),
    ]

    objects = SyndicationPartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("import_feed", "Can import stories from a partner's feed")]

    def __str__(self):
        return self.name
