"""“Republish this story”: the HTML another outlet copies, with attribution and a tracking image.

The HTML depends only on the story, so it is rendered into the article page
itself: it is the same for every reader, survives the whole-page cache, and
can be read and copied without JavaScript. Counting happens when the copy
is viewed on the other site, through the 1×1 image (see pixel.py).
"""

from urllib.parse import urljoin

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from wagtail.rich_text import expand_db_html

from news.rich_text import with_live_page_links
from text.html import clean_html

# What a republished body keeps: structure, emphasis and links. Photos, embeds,
# pull quotes and related-story boxes stay on our site (photos are licensed
# separately; the others make no sense elsewhere).
REPUBLISH_TAGS = {"p", "br", "h2", "h3", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote"}


def offers_republishing(article, notice) -> bool:
    """Only our own reporting, only under a licence that lets others republish without asking, and only once saved.

    A new story previewed before its first save has no address yet to credit or count.
    """
    return article.pk is not None and not article.is_syndicated and notice is not None and notice.allows_republishing


def tracking_image_url(article, story_url: str) -> str:
    return urljoin(story_url, reverse("news:republication_pixel", args=[article.pk]))


def republish_body(article, base_url: str) -> str:
    """The story's text reduced to basic tags, with every link absolute so it works on another site."""
    parts = []
    for block in article.body:
        if block.block_type == "paragraph":
            parts.append(block.value.source)
        elif block.block_type == "heading":
            level = "h3" if block.value["level"] == "h3" else "h2"
            parts.append(f"<{level}>{escape(block.value['text'])}</{level}>")
        elif block.block_type == "block_quote":
            attribution = block.value.get("attribution")
            credit = format_html("<p>— {}</p>", attribution) if attribution else ""
            parts.append(format_html("<blockquote><p>{}</p>{}</blockquote>", block.value["quote"], credit))
    # Links to our pages come from what the story's page has looked up already (news.rich_text), and
    # are made absolute against the story's address below; document links, the only other kind
    # paragraphs allow, are still expanded by Wagtail.
    html = expand_db_html(with_live_page_links("\n".join(parts)))
    return clean_html(html, base_url=base_url, tags=REPUBLISH_TAGS)


def republish_html(article, notice, publication_name: str, request=None) -> str:
    """The complete HTML to paste: headline, byline and date, body, attribution footer, tracking image."""
    story_url = article.get_full_url(request)
    licence_url = notice.get_full_url(request)
    date = formats.date_format(timezone.localtime(article.date), "j F Y") if article.date else ""
    byline = article.byline_text
    header = [format_html("<h1>{}</h1>", article.title)]
    if byline or date:
        by = format_html("By {}", byline) if byline else ""
        header.append(format_html("<p>{}{}{}</p>", by, " · " if by and date else "", date))
    footer = format_html(
        '<p>This story was first published by <a href="{}">{}</a>{}. '
        'It is republished under the licence “<a href="{}">{}</a>” ({}).</p>',
        story_url,
        publication_name,
        f" on {date}" if date else "",
        licence_url,
        notice.title,
        notice.get_licence_kind_display(),
    )
    pixel = format_html(
        '<img src="{}" width="1" height="1" alt="" referrerpolicy="strict-origin-when-cross-origin" '
        'style="width:1px;height:1px;border:0">',
        tracking_image_url(article, story_url),
    )
    return "\n".join([*header, republish_body(article, story_url), footer, pixel]) + "\n"


def canonical_link_tag(article, request=None) -> str:
    """The tag a republisher puts in its page's <head> so search engines credit our original."""
    return format_html('<link rel="canonical" href="{}">', article.get_full_url(request))
