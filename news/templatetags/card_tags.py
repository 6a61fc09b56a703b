"""`{% story_card article %}`: a story's card (picture, section, headline, dek, date), drawn once per process.

Listings show the same cards on page after page (the home page, sections,
related stories), and drawing one (its picture above all) cost more than
loading it; each card is kept in news.fragments under what it shows. A
story may come as a story page or as a StoryCard row (news.models.articles
`card_rows`), whose page object is built only when its card is drawn: both
give the same values, so they find the same kept card.
"""

from django import template
from django.template.loader import get_template
from wagtail.models import Site

from news.fragments import cached_fragment, image_fingerprint
from news.models.articles import StoryCard

register = template.Library()

CARD_TEMPLATE = "includes/article_card.html"


def addresses_key(article, request) -> tuple:
    """What a story's address on this request depends on besides its own `url_path`: the site asked, and every site's root.

    Working out the address itself (Wagtail reverses a URL) cost more than
    the rest of a kept card, so it is done only when the card is drawn.
    """
    if request is None:
        return (None, tuple(article._get_site_root_paths()))
    if not hasattr(request, "masthead_addresses_key"):
        site = Site.find_for_request(request)
        request.masthead_addresses_key = (site.pk if site else None, tuple(article._get_site_root_paths(request)))
    return request.masthead_addresses_key


@register.simple_tag(takes_context=True)
def story_card(context, article, lead=False, show_section=False, loading=None):
    """The card of `article`; `lead` for the first and larger card of a block, `loading` for its picture."""
    request = context.get("request")
    section_title = article.section_title if show_section else ""
    shown = (
        article.pk,
        article.url_path,
        addresses_key(article, request),
        article.title,
        article.dek,
        article.date,
        section_title,
        image_fingerprint(article.hero_image),
        bool(lead),
        loading,
    )

    def render():
        story = article.story() if isinstance(article, StoryCard) else article
        card = {
            "article": story,
            "url": story.get_url(request),
            "lead": lead,
            "show_section": show_section,
            "loading": loading,
            "page_renditions": context.get("page_renditions"),
        }
        return get_template(CARD_TEMPLATE).render(card)

    return cached_fragment("card", shown, render)
