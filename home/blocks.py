"""The front page is composed of these section blocks."""

from wagtail import blocks

from news.blocks import BlockQuoteBlock, CaptionedImageBlock, HeadingBlock
from news.models import ArticlePage, LicensingNoticePage, SectionPage


class ArticleChooserBlock(blocks.PageChooserBlock):
    """Chooses stories and loads them ready for a card (section and hero image joined)."""

    def __init__(self, **kwargs):
        super().__init__(page_type="news.ArticlePage", **kwargs)

    def bulk_to_python(self, values):
        values = list(values)
        stories = self.model_class.objects.select_related("section", "hero_image").in_bulk(
            [v for v in values if v is not None]
        )
        return [stories.get(v) for v in values]


class FeaturedStoriesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Featured", max_length=80)
    picks = blocks.ListBlock(
        ArticleChooserBlock(),
        default=[],
        help_text="Stories to lead with, in this order. Unpublished picks are skipped.",
    )
    count = blocks.IntegerBlock(
        default=5,
        min_value=1,
        max_value=12,
        help_text="How many stories to show; empty places fill with the newest featured stories.",
    )

    class Meta:
        icon = "pick"
        template = "home/blocks/featured_stories.html"
        description = "Editors' picks, topped up automatically with the newest featured stories"
        preview_value = {"heading": "Featured", "picks": [], "count": 5}
        label_format = "{heading}"

    def get_preview_context(self, value, parent_context=None):
        """The block picker's preview shows the site's real newest featured stories, as the front page would."""
        context = super().get_preview_context(value, parent_context)
        context["stories"] = list(ArticlePage.objects.cards().card_fields().filter(featured=True)[: value["count"]])
        return context


class SectionLatestBlock(blocks.StructBlock):
    section = blocks.PageChooserBlock(page_type="news.SectionPage", help_text="The section to show.")
    heading = blocks.CharBlock(required=False, max_length=80, help_text="Defaults to the section's name.")
    count = blocks.IntegerBlock(default=4, min_value=1, max_value=12)

    class Meta:
        icon = "list-ul"
        template = "home/blocks/section_latest.html"
        description = "The latest stories of one section"
        label_format = "{section}"

    def get_preview_value(self):
        """The first section of the site, with its real latest stories."""
        section = SectionPage.objects.live().order_by("path").first()
        return self.to_python({"section": section.pk if section else None, "heading": "", "count": 4})

    def get_preview_context(self, value, parent_context=None):
        context = super().get_preview_context(value, parent_context)
        section = value["section"]
        stories = ArticlePage.objects.cards().card_fields().filter(section=section) if section else []
        context["stories"] = list(stories[: value["count"]])
        return context


class LicensingPromoBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Republish our reporting", max_length=80)
    text = blocks.TextBlock(
        default="Our original stories are free for eligible news publishers to republish, with credit."
    )
    notice = blocks.PageChooserBlock(page_type="news.LicensingNoticePage", help_text="The licence page to link to.")

    class Meta:
        icon = "doc-full"
        template = "home/blocks/licensing_promo.html"
        description = "An invitation to republish our stories, linking to our licence"
        label_format = "{heading}"

    def get_preview_value(self):
        """The invitation as the front page shows it, linking to the site's first licence page."""
        notice = LicensingNoticePage.objects.live().order_by("path").first()
        return self.to_python({"heading": "Republish our reporting", "notice": notice.pk if notice else None})


class HomeSectionsBlock(blocks.StreamBlock):
    featured_stories = FeaturedStoriesBlock()
    section_latest = SectionLatestBlock()
    licensing_promo = LicensingPromoBlock()


class PublicationPageBodyBlock(blocks.StreamBlock):
    """The body of one of the publication's own pages (About, Contact, Corrections policy, ...)."""

    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        description="Text",
        preview_value="<p>We are an independent newsroom founded in 2019.</p>",
    )
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    block_quote = BlockQuoteBlock()
