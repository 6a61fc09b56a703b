"""Tags that write what other platforms read in a page's `<head>`: canonical, feeds, cards, JSON-LD.

Everything is computed in news.distribution; these tags only hand it the
request, the page and the publication settings (loaded once per request and
shared with the rest of the template).
"""

from django import template

from news.distribution import canonical, rss, social, structured_data
from news.distribution.links import absolute_url
from news.models import PublicationSettings, SectionPage

register = template.Library()


def _publication(request):
    return PublicationSettings.load(request_or_site=request)


def _without_request(context) -> bool:
    """True when a template is rendered outside a request (an error page, an email): these tags then write nothing."""
    return context.get("request") is None


@register.inclusion_tag("includes/canonical_link.html", takes_context=True)
def canonical_link(context):
    """`<link rel="canonical">` for the page or view being shown.

    A listing's page number is kept when the template's context holds the
    listing as `articles_page` (sections, licences, author pages).
    """
    if _without_request(context):
        return {}
    request = context["request"]
    url = canonical.canonical_url(request, context.get("page"), context.get("articles_page"))
    return {"canonical_url": url}


@register.inclusion_tag("includes/search_engine_policy.html")
def search_engine_policy_meta(page):
    """The Googlebot-News noindex tag for a partner's story whose policy asks for it; nothing otherwise."""
    return {"googlebot_news_noindex": canonical.kept_out_of_google_news(page)}


@register.inclusion_tag("includes/feed_links.html", takes_context=True)
def feed_links(context, author=None):
    """Feed autodiscovery: the site's feed everywhere, plus the section's or author's feed where it belongs."""
    if _without_request(context):
        return {}
    request = context["request"]
    publication = _publication(request)
    links = [(publication.publication_name, rss.site_feed_url())]
    page = context.get("page")
    section = page if isinstance(page, SectionPage) else getattr(page, "section", None)
    if section is not None and section.slug:
        links.append((f"{section.title} | {publication.publication_name}", rss.section_feed_url(section)))
    if author is not None:
        links.append((f"{author.name} | {publication.publication_name}", rss.author_feed_url(author)))
    return {"feeds": [(title, absolute_url(request, url)) for title, url in links]}


@register.simple_tag(takes_context=True)
def page_description(context):
    """What `<meta name="description">` says.

    The page's search description, else a story's dek or a page's intro;
    for views that are not pages, their own `meta_description`; else the
    publication's tagline.
    """
    page = context.get("page")
    request = context.get("request")
    publication = _publication(request) if request is not None else PublicationSettings.load()
    if page is not None:
        return social.page_description(page, publication)
    return context.get("meta_description") or publication.tagline


@register.inclusion_tag("includes/social_meta.html", takes_context=True)
def social_meta(context, title=None, description=None, image=None):
    """Open Graph and Twitter card tags for the page, or for the title, description and image given."""
    if _without_request(context):
        return {}
    request = context["request"]
    return social.social_card(
        request, _publication(request), page=context.get("page"), title=title, description=description, image=image
    )


@register.inclusion_tag("includes/json_ld.html", takes_context=True)
def news_article_json_ld(context, article):
    if _without_request(context):
        return {}
    request = context["request"]
    data = structured_data.news_article(request, article, _publication(request))
    return {"script": structured_data.json_ld_script(data)}


@register.inclusion_tag("includes/json_ld.html", takes_context=True)
def home_page_json_ld(context):
    if _without_request(context):
        return {}
    request = context["request"]
    data = structured_data.home_page_graph(request, _publication(request))
    return {"script": structured_data.json_ld_script(data)}
