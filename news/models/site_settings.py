from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from caching.settings import CachedSettingMixin


@register_setting(icon="site")
class PublicationSettings(CachedSettingMixin, BaseGenericSetting):
    """What the whole site says about the publication: name, appeal, social and news listings."""

    # Shown on every page (footer licence link; logo or social image as the card image), and kept
    # with them in the cache (caching.settings): news.signals forgets the copy when the settings
    # are saved, or their licence page, logo or social image changes.
    select_related = ["originals_licence", "logo", "social_image"]

    publication_name = models.CharField(max_length=120, default="The Masthead Times")
    tagline = models.CharField(max_length=200, blank=True, default="Independent news, told plainly")
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when a page without its own photo is shared on social networks (best at 1200×630).",
    )

    donation_heading = models.CharField(max_length=120, blank=True, default="Support independent journalism")
    donation_text = models.TextField(
        blank=True,
        default="Our reporting is free to read and free of paywalls. Reader donations keep it that way.",
        help_text="Shown under every article. Leave empty to hide the appeal.",
    )
    donation_link_url = models.URLField(blank=True, default="https://example.org/donate")
    donation_link_label = models.CharField(max_length=60, blank=True, default="Donate")

    twitter_handle = models.CharField(max_length=50, blank=True, help_text="Without the @, e.g. “mastheadnews”.")
    facebook_url = models.URLField(blank=True)
    mastodon_url = models.URLField(blank=True)

    google_news_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="The publication name as registered with Google News; defaults to the name above.",
    )
    google_news_language = models.CharField(max_length=10, default="en", help_text="ISO 639 code, e.g. “en”.")
    originals_licence = models.ForeignKey(
        "news.LicensingNoticePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The licence for our own reporting, applied to original stories without one.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("publication_name"), FieldPanel("tagline"), FieldPanel("logo")], heading="Publication"
        ),
        MultiFieldPanel(
            [
                FieldPanel("donation_heading"),
                FieldPanel("donation_text"),
                FieldPanel("donation_link_url"),
                FieldPanel("donation_link_label"),
            ],
            heading="Donation call",
        ),
        MultiFieldPanel(
            [
                FieldPanel("social_image"),
                FieldPanel("twitter_handle"),
                FieldPanel("facebook_url"),
                FieldPanel("mastodon_url"),
            ],
            heading="Social",
        ),
        MultiFieldPanel(
            [
                FieldPanel("google_news_name"),
                FieldPanel("google_news_language"),
                PageChooserPanel("originals_licence", "news.LicensingNoticePage"),
            ],
            heading="News listings and licensing",
        ),
    ]

    class Meta:
        verbose_name = "publication settings"
