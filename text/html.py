"""HTML from outside made safe, and our HTML reduced for others: allow-lists, never deny-lists.

Partner feeds carry whatever their CMS emits: scripts, inline styles, event
handlers, tracking pixels, `javascript:` links. Only the tags and attributes
listed here survive; everything else is dropped by nh3 (the Rust `ammonia`
sanitiser), which parses the HTML as a browser would rather than pattern
matching it.
"""

import html
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import nh3

# What a story body may keep: text structure, emphasis and links. No images
# (a partner's photos are licensed separately and are the usual carriers of
# tracking pixels), no tables, no embeds.
BODY_TAGS = {"p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "a", "ul", "ol", "li", "blockquote", "sup", "sub"}
# Removed together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "form",
    "button",
    "select",
    "textarea",
    "figure",
}
LINK_SCHEMES = {"http", "https", "mailto"}
# Query parameters that only identify a campaign or a reader.
TRACKING_PARAMETER = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|_hsenc|_hsmi)$", re.IGNORECASE)


def without_tracking_parameters(url: str) -> str:
    """The address without campaign and click-tracking parameters (utm_*, fbclid, …)."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMETER.match(key)
    ]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def _clean_link(base_url):
    def attribute_filter(tag, attribute, value):
        if tag == "a" and attribute == "href":
            return without_tracking_parameters(urljoin(base_url, value) if base_url else value)
        return value

    return attribute_filter


def clean_html(fragment: str, base_url: str = "", tags=None) -> str:
    """`fragment` with only the allowed tags, `href` on links, and safe link schemes.

    Relative links are resolved against `base_url` (the page the HTML came
    from) so they still lead somewhere once the HTML lives on another site;
    without a base they are dropped.
    """
    return nh3.clean(
        fragment or "",
        tags=BODY_TAGS if tags is None else tags,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}},
        attribute_filter=_clean_link(base_url),
        url_schemes=LINK_SCHEMES,
        url_relative=("rewrite_with_base", base_url) if base_url else "deny",
        link_rel=None,
        strip_comments=True,
    )


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment on one line: no tags, entities decoded, spaces collapsed."""
    text = nh3.clean(fragment or "", tags=set(), clean_content_tags=DROPPED_WITH_CONTENT, link_rel=None)
    return " ".join(html.unescape(text).split())
