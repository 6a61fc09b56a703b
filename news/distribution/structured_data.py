"""JSON-LD for search engines: NewsArticle on stories, Organization and WebSite on the home page.

Field choices follow Google's article and sitelinks search box documentation:
three hero crops (16:9, 4:3, 1:1) at 1,200 pixels wide, authors with the
address of their author page, the publisher with its logo, and `isBasedOn`
naming the original of a partner's story, and `correction` (one
CorrectionComment per correction or update note). Every address is absolute.
"""

import json
from datetime import datetime

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from news.dates import machine_time
from news.pictures import JSON_LD_SPECS

from .canonical import own_url
from .links import absolute_url, image_link, site_root_url

ARTICLE_IMAGE_SPECS = JSON_LD_SPECS
LOGO_SPEC = "max-600x600"

# JSON inside <script> must not close the element or open a comment; these are
# escaped exactly as Django's json_script does.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> str:
    """`data` as a `<script type="application/ld+json">` element that no text in it can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def organization(request, publication) -> dict:
    """The publication as an Organization: name, home address, logo and social profiles."""
    root = site_root_url(request)
    data = {"@type": "Organization", "@id": f"{root}/#organization", "name": publication.publication_name}
    data["url"] = root + "/"
    if publication.logo:
        logo = image_link(request, publication.logo, LOGO_SPEC)
        data["logo"] = {"@type": "ImageObject", "url": logo["url"], "width": logo["width"], "height": logo["height"]}
    profiles = [publication.facebook_url, publication.mastodon_url]
    if publication.twitter_handle:
        profiles.append(f"https://x.com/{publication.twitter_handle.lstrip('@')}")
    if any(profiles):
        data["sameAs"] = [profile for profile in profiles if profile]
    return data


def home_page_graph(request, publication) -> dict:
    """Organization and WebSite, the latter with the SearchAction behind Google's sitelinks search box."""
    root = site_root_url(request)
    website = {
        "@type": "WebSite",
        "@id": f"{root}/#website",
        "url": root + "/",
        "name": publication.publication_name,
        "publisher": {"@id": f"{root}/#organization"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{root}{reverse('search')}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
    if publication.tagline:
        website["description"] = publication.tagline
    return {"@context": "https://schema.org", "@graph": [organization(request, publication), website]}


def article_authors(request, article) -> list[dict]:
    """Credited authors with their author pages; a wire byline (or the partner) when no one is credited."""
    authors = [
        {"@type": "Person", "name": author.name, "url": absolute_url(request, author.get_absolute_url())}
        for author in article.author_list
    ]
    if authors:
        return authors
    partner_site = article.partner.website if article.is_syndicated and article.partner_id else ""
    if article.byline:
        # A wire byline ("Partner Name staff") is the partner's newsroom: linked to its site when known.
        byline = {"@type": "Organization", "name": article.byline}
        if partner_site:
            byline["url"] = partner_site
        return [byline]
    if article.is_syndicated and article.partner_id:
        partner = {"@type": "Organization", "name": article.partner.name}
        if partner_site:
            partner["url"] = partner_site
        return [partner]
    return []


def news_article(request, article, publication) -> dict:
    """The story as a schema.org NewsArticle."""
    url = own_url(request, article)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
    }
    if article.dek:
        data["description"] = article.dek
    if article.hero_image is not None:
        data["image"] = [image_link(request, article.hero_image, spec)["url"] for spec in ARTICLE_IMAGE_SPECS]
    published = article.first_published_at or article.date
    notes = article.story_notes
    if published:
        data["datePublished"] = machine_time(published)
        # A correction or update is a modification even when its date is later than the last publication.
        modified = article.last_published_at or published
        if notes and isinstance(modified, datetime):
            modified = max(modified, *(note.noted_at for note in notes))
        data["dateModified"] = machine_time(modified)
    if notes:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "name": note.get_kind_display(),
                "text": note.text,
                "datePublished": machine_time(note.noted_at),
            }
            for note in notes
        ]
    authors = article_authors(request, article)
    if authors:
        data["author"] = authors
    publisher = organization(request, publication)
    publisher.pop("sameAs", None)
    data["publisher"] = publisher
    if article.section_id:
        data["articleSection"] = article.section.title
    tags = article.sorted_tag_names
    if tags:
        data["keywords"] = tags
    if article.is_syndicated and article.original_url:
        data["isBasedOn"] = article.original_url
    return data
