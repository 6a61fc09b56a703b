"""Absolute addresses for links that leave the site (feeds, sitemaps, JSON-LD, social cards)."""

from wagtail.models import Site


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

    Renditions come from the image's prefetched renditions or Wagtail's
    rendition cache when warm, so asking for them adds no query to a page
    that prefetched its images.
    """
    rendition = image.get_rendition(spec)
    return {
        "url": absolute_url(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text or image.title,
    }
