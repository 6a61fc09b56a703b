"""StreamField blocks for an article body.

Each block carries a description and a preview value so editors can tell them
apart in the block picker (drawn with the site's stylesheet by
templates/wagtailcore/shared/block_preview.html), and a `label_format`, so a
collapsed block says what it holds ("Heading: What happens next").
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript", "subscript"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, help_text="A subheading that breaks up a long story.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Subheading"), ("h3", "Minor subheading")],
        default="h2",
        help_text="Use “Minor subheading” only under a subheading.",
    )

    class Meta:
        icon = "title"
        template = "news/blocks/heading.html"
        description = "A subheading inside the story"
        preview_value = {"text": "What happens next", "level": "h2"}
        label_format = "{text}"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=300, help_text="What the photo shows, in a sentence.")
    credit = blocks.CharBlock(
        required=False, max_length=120, help_text="Photographer and agency, e.g. “Ana Ruiz / Masthead”."
    )

    class Meta:
        icon = "image"
        template = "news/blocks/image.html"
        description = "A photo with its caption and credit"
        label_format = "{caption}"

    def get_preview_value(self):
        """The newest photo in the library, captioned as a story would caption it (no photo yet: none)."""
        photo = get_image_model().objects.order_by("-created_at", "-pk").first()
        return self.to_python(
            {
                "image": photo.pk if photo else None,
                "caption": "Volunteers fill sandbags on the river path before the evening tide.",
                "credit": "Ana Ruiz / Masthead",
            }
        )


class BlockQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The quoted passage, without quotation marks.")
    attribution = blocks.CharBlock(required=False, max_length=200, help_text="Who said or wrote it.")

    class Meta:
        icon = "openquote"
        template = "news/blocks/block_quote.html"
        description = "A longer quotation set apart from the text"
        preview_value = {"quote": "We will rebuild the bridge before the rains.", "attribution": "The mayor"}
        label_format = "{quote}"


class PullQuoteBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=280, help_text="A short line from the story, repeated large to draw readers in.")

    class Meta:
        icon = "pick"
        template = "news/blocks/pull_quote.html"
        description = "A short line from the story, shown large"
        preview_value = {"text": "“Nobody expected the water to rise so fast.”"}
        label_format = "{text}"


class RelatedLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False, help_text="A story on this site…")
    url = blocks.URLBlock(required=False, help_text="…or an address elsewhere.")
    title = blocks.CharBlock(required=False, max_length=200, help_text="Link text; defaults to the story's headline.")

    class Meta:
        icon = "link"
        label_format = "{title}"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a story or enter an address.")}
            )
        if value.get("url") and not value.get("page") and not value.get("title"):
            raise StructBlockValidationError(block_errors={"title": ValidationError("Give the link some text.")})
        return value


class RelatedLinksBlock(blocks.StructBlock):
    title = blocks.CharBlock(default="Read more", max_length=100)
    links = blocks.ListBlock(RelatedLinkBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "news/blocks/related_links.html"
        description = "A box of links to background stories"
        label_format = "{title}"
        preview_value = {
            "title": "Read more",
            "links": [
                {"page": None, "url": "https://example.org/flood-defences", "title": "How the flood defences work"},
                {"page": None, "url": "https://example.org/river-levels", "title": "River levels, hour by hour"},
            ],
        }


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        description="Body text",
        preview_value="<p>Residents gathered at the town hall on Tuesday evening.</p>",
    )
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    block_quote = BlockQuoteBlock()
    pull_quote = PullQuoteBlock()
    embed = EmbedBlock(
        help_text="Paste the address of a video or post (YouTube, Vimeo, X, …).",
        description="A video or social post from another site",
        icon="media",
    )
    related_links = RelatedLinksBlock()
