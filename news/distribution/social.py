"""Open Graph and Twitter card tags: how a shared link looks on social networks.

A story's card uses its hero image cropped to 1200x630 (the size Facebook,
LinkedIn and X display without cropping further). A page without its own
photo uses the publication's social image (Settings → Publication settings,
cropped the same way), else its logo, else the site's own card image, so
that every page has an `og:image`. Every address is absolute, as the
networks require.
"""

from django.templatetags.static import static

from news.dates import machine_time
from news.models import ArticlePage
from news.pictures import SOCIAL_CARD_SPEC

from .canonical import own_url
from .links import absolute_url, image_link

ARTICLE_CARD_IMAGE_SPEC = SOCIAL_CARD_SPEC
LOGO_CARD_IMAGE_SPEC = "max-1200x630"
DEFAULT_CARD_IMAGE = "img/social-card.png"
DEFAULT_CARD_IMAGE_SIZE = (1200, 630)


def page_description(page, publication) -> str:
    """What a card says under the title: the editor's search description, a story's dek, a section's intro."""
    for text in (
        getattr(page, "search_description", ""),
        getattr(page, "dek", ""),
        getattr(page, "intro", ""),
    ):
        if text:
            return text
    return publication.tagline


def default_card_image(request, publication) -> dict:
    """The site's own card image (website/static/img/social-card.png), for pages with no photo when settings name none."""
    return {
        "url": absolute_url(request, static(DEFAULT_CARD_IMAGE)),
        "width": DEFAULT_CARD_IMAGE_SIZE[0],
        "height": DEFAULT_CARD_IMAGE_SIZE[1],
        "alt": publication.publication_name,
    }


def site_card_image(request, publication) -> tuple[dict, bool]:
    """The card image of a page without its own photo, and whether it is wide enough for a large card.

    The publication's social image (cropped to 1200x630), else its logo,
    else the site's own card image.
    """
    if publication.social_image:
        return image_link(request, publication.social_image, ARTICLE_CARD_IMAGE_SPEC), True
    if publication.logo:
        return image_link(request, publication.logo, LOGO_CARD_IMAGE_SPEC), False
    return default_card_image(request, publication), False


def social_card(request, publication, *, page=None, title=None, description=None, image=None) -> dict:
    """Open Graph properties and Twitter card fields, as (name, content) pairs in the order they are written.

    `page` supplies what is not given: its title, description and image
    (a story's hero); anything else falls back to the publication.
    """
    is_article = isinstance(page, ArticlePage)
    if title is None:
        title = (page.seo_title or page.title) if page is not None else publication.publication_name
    if description is None:
        description = page_description(page, publication) if page is not None else publication.tagline
    if image is None and is_article:
        image = page.hero_image
    if image is not None:
        card_image, large_card = image_link(request, image, ARTICLE_CARD_IMAGE_SPEC), True
    else:
        card_image, large_card = site_card_image(request, publication)

    open_graph = [
        ("og:site_name", publication.publication_name),
        ("og:type", "article" if is_article else "website"),
        ("og:title", title),
        ("og:url", own_url(request, page)),
    ]
    if description:
        open_graph.append(("og:description", description))
    if card_image:
        open_graph += [
            ("og:image", card_image["url"]),
            ("og:image:width", str(card_image["width"])),
            ("og:image:height", str(card_image["height"])),
            ("og:image:alt", card_image["alt"]),
        ]
    if is_article:
        open_graph += article_properties(request, page)

    twitter = [("twitter:card", "summary_large_image" if large_card else "summary")]
    if publication.twitter_handle:
        twitter.append(("twitter:site", "@" + publication.twitter_handle.lstrip("@")))
    twitter.append(("twitter:title", title))
    if description:
        twitter.append(("twitter:description", description))
    if card_image:
        twitter += [("twitter:image", card_image["url"]), ("twitter:image:alt", card_image["alt"])]
    return {"open_graph": open_graph, "twitter": twitter}


def article_properties(request, article) -> list[tuple[str, str]]:
    """The `article:` Open Graph properties: times, authors' pages, section and tags."""
    properties = []
    published = article.first_published_at or article.date
    if published:
        properties.append(("article:published_time", machine_time(published)))
        properties.append(("article:modified_time", machine_time(article.last_published_at or published)))
    properties += [("article:author", absolute_url(request, a.get_absolute_url())) for a in article.author_list]
    if article.section_id:
        properties.append(("article:section", article.section.title))
    properties += [("article:tag", name) for name in article.sorted_tag_names]
    return properties
