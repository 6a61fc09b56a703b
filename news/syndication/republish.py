"""“Republish this story”: the HTML another outlet copies, with attribution and a tracking image.

The HTML depends only on the story, so it is rendered into the article page
itself: it is the same for every reader, survives the whole-page cache, and
can be read and copied without JavaScript. Counting happens when the copy
is viewed on the other site, through the 1×1 image (see tracking.py).
"""

from urllib.parse import urljoin

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from wagtail.rich_text import expand_db_html

from news.syndication.sanitize import clean_html

# What a republished body keeps: structure, emphasis and links. Photos, embeds,
# pull quotes and related-story boxes stay on our site (photos are licensed
# separately; the others make no sense elsewhere).
REPUBLISH_TAGS = {"p", "br", "h2", "h3", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote"}


def offers_republishing(article, notice) -> bool:
    """Only our own reporting, and only under a licence that lets others republish without asking."""
    return not article.is_syndicated and notice is not None and notice.allows_republishing


def tracking_image_url(article, story_url: str) -> str:
    return urljoin(story_url, reverse("news:republication_pixel", args=[article.pk]))


def with_absolute_page_links(db_html: str, request=None) -> str:
    """Links to our stories written as absolute addresses, found in one query for the whole body.

    Wagtail's rich text expansion would look up the linked pages of each
    paragraph separately (and their specific types, which a link does not
    need); the article page already pays that once, the copy should not
    pay it again per paragraph. Links to pages no longer live lose their
    address but keep their text.
    """
    from wagtail.models import Page

    soup = BeautifulSoup(db_html, "html.parser")
    links = soup.find_all("a", attrs={"linktype": "page"})
    ids = {link.get("id", "") for link in links}
    pages = Page.objects.live().filter(id__in=[int(i) for i in ids if i.isdigit()]) if ids else []
    urls = {str(page.pk): page.get_full_url(request) for page in pages}
    for link in links:
        url = urls.get(link.get("id", ""))
        link.attrs = {"href": url} if url else {}
    return str(soup)


def republish_body(article, base_url: str, request=None) -> str:
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
    # Document links, the only other kind paragraphs allow, are still expanded by Wagtail.
    html = expand_db_html(with_absolute_page_links("\n".join(parts), request))
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
    return "\n".join([*header, republish_body(article, story_url, request), footer, pixel]) + "\n"


def canonical_link_tag(article, request=None) -> str:
    """The tag a republisher puts in its page's <head> so search engines credit our original."""
    return format_html('<link rel="canonical" href="{}">', article.get_full_url(request))
