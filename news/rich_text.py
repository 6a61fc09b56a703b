"""Links to our own pages inside rich text, resolved in one query per story instead of two per paragraph.

Wagtail expands `<a linktype="page" id="N">` separately for every rich text
value, with two queries each time (the pages, then their specific rows), so
a story whose ten paragraphs link to other stories costs twenty queries
before anything else is drawn. Here a page's address is looked up once and
kept in the cache; the article page primes the cache for all the links of
its body in a single query before the template expands them.

Addresses are read from plain `Page` rows: none of our page types changes
how its URL is built, so the specific rows are not needed. A page's cached
address is dropped when it is published, unpublished, moved or deleted
(news.signals), and expires after `PAGE_LINK_CACHE_SECONDS` in any case.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

PAGE_LINK = re.compile(r"""<a\b[^>]*\blinktype=["']page["'][^>]*>""", re.IGNORECASE)
LINK_ID = re.compile(r"""\bid=["'](\d+)["']""")
MISSING = ""  # cached for a page that no longer exists, so it is not looked up again


def page_link_cache_seconds() -> int:
    return getattr(settings, "PAGE_LINK_CACHE_SECONDS", 3600)


def cache_key(page_id) -> str:
    return f"richtext:page-url:{page_id}"


def forget_page_link(page_id):
    cache.delete(cache_key(page_id))


def page_urls(page_ids) -> dict[str, str]:
    """{id: address} for these page ids ("" for pages that do not exist), with at most one query."""
    wanted = {str(page_id) for page_id in page_ids if page_id is not None and str(page_id).isdigit()}
    if not wanted:
        return {}
    cached = cache.get_many([cache_key(page_id) for page_id in wanted])
    urls = {page_id: cached[cache_key(page_id)] for page_id in wanted if cache_key(page_id) in cached}
    missing = wanted - urls.keys()
    if missing:
        found = {
            str(page.pk): page.url or MISSING
            for page in Page.objects.filter(pk__in=[int(page_id) for page_id in missing]).only(
                "pk", "path", "depth", "url_path", "locale_id"
            )
        }
        fresh = {page_id: found.get(page_id, MISSING) for page_id in missing}
        cache.set_many({cache_key(page_id): url for page_id, url in fresh.items()}, page_link_cache_seconds())
        urls.update(fresh)
    return urls


def linked_page_ids(html: str) -> list[str]:
    """The ids of our pages that this stored rich text links to."""
    ids = []
    for tag in PAGE_LINK.findall(html or ""):
        match = LINK_ID.search(tag)
        if match:
            ids.append(match.group(1))
    return ids


def prime_page_links(rich_texts):
    """Look up every page linked from these stored rich text strings at once (one query at most)."""
    page_urls([page_id for html in rich_texts for page_id in linked_page_ids(html)])


class CachedPageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler, answered from `page_urls`."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        urls = page_urls(attrs.get("id") for attrs in attrs_list)
        return [
            f'<a href="{escape(urls[str(attrs.get("id"))])}">' if urls.get(str(attrs.get("id"))) else "<a>"
            for attrs in attrs_list
        ]
