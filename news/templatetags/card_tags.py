"""`{% story_card article %}`: a story's card (picture, section, headline, dek, date), drawn once per process.

Listings show the same cards on page after page (the home page, sections,
related stories), and drawing one (its picture above all) cost more than
loading it; each card is kept in news.fragments under what it shows.
"""

from django import template
from django.template.loader import get_template

from news.fragments import cached_fragment, image_fingerprint

register = template.Library()

CARD_TEMPLATE = "includes/article_card.html"


@register.simple_tag(takes_context=True)
def story_card(context, article, lead=False, show_section=False, loading=None):
    """The card of `article`; `lead` for the first and larger card of a block, `loading` for its picture."""
    url = article.get_url(context.get("request"))
    section_title = article.section_title if show_section else ""
    shown = (
        article.pk,
        url,
        article.title,
        article.dek,
        article.date,
        section_title,
        image_fingerprint(article.hero_image),
        bool(lead),
        loading,
    )

    def render():
        card = {
            "article": article,
            "url": url,
            "lead": lead,
            "show_section": show_section,
            "loading": loading,
            "page_renditions": context.get("page_renditions"),
        }
        return get_template(CARD_TEMPLATE).render(card)

    return cached_fragment("card", shown, render)
