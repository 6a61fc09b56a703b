"""Absolute addresses for links that leave the site (feeds, sitemaps, JSON-LD, social cards)."""

import json

from wagtail.models import Site

from news.fragments import cached_fragment, image_fingerprint
from news.pictures import spec_filter


def site_root_url(request) -> str:
    """The root URL of the Wagtail site answering `request` ("https://news.example"), no trailing slash.

    Pages build their canonical links from the same Site record, so what we
    hand to feed readers and search engines matches them. A request that
    matches no site (none configured yet) falls back to its own host.
    """
    site = Site.find_for_request(request)
    if site is not None:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/")


def absolute_url(request, url: str) -> str:
    """`url` made absolute against the site root; URLs that already are (a CDN's media) are kept."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return f"{request.scheme}:{url}"
    return site_root_url(request) + url


def image_link(request, image, spec: str) -> dict:
    """A rendition of `image` for another platform: absolute URL, pixel size and alt text.

    The rendition's address and size are kept in news.fragments under the
    image's file, focal point and the spec, so a page that has shown this
    crop before looks up no rendition; otherwise they come from the page's
    loaded renditions, Wagtail's rendition cache or the database.
    """

    def find():
        rendition = image.get_rendition(spec_filter(spec))
        return json.dumps([rendition.url, rendition.width, rendition.height])

    url, width, height = json.loads(cached_fragment("rendition", (image_fingerprint(image), spec), find))
    return {
        "url": absolute_url(request, url),
        "width": width,
        "height": height,
        "alt": image.default_alt_text or image.title,
    }
