"""Links to our own pages inside rich text, resolved in one query per page view instead of two per paragraph.

Wagtail expands `<a linktype="page" id="N">` separately for every rich text
value, with two queries each time (the pages, then their specific rows), so
a story whose ten paragraphs link to other stories costs twenty queries
before anything else is drawn. Here the article page looks up every page it
links to in one query (`linked_pages`) before the template expands them; the
link handler and the republish box then answer from that lookup.

What was looked up is kept for the current request only, and forgotten when
the next one starts: a link follows its page as soon as the page moves, goes
or is deleted, and there is nothing to invalidate. Addresses are read from
plain `Page` rows, as none of our page types changes how its URL is built.
"""

import re
from contextvars import ContextVar
from typing import NamedTuple

from django.core.signals import request_finished, request_started
from django.dispatch import receiver
from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text import LinkHandler

PAGE_LINK = re.compile(r"""<a\b[^>]*\blinktype=["']page["'][^>]*>""", re.IGNORECASE)
LINK_ID = re.compile(r"""\bid=["'](\d+)["']""")


class LinkedPage(NamedTuple):
    url: str  # "" for a page that no longer exists
    live: bool
    title: str


GONE = LinkedPage("", False, "")

# {page id (as in the HTML): LinkedPage} for the request being answered.
_looked_up: ContextVar[dict[str, LinkedPage] | None] = ContextVar("linked_pages", default=None)


@receiver(request_started)
def start_looking_up_linked_pages(**kwargs):
    _looked_up.set({})


@receiver(request_finished)
def forget_linked_pages(**kwargs):
    _looked_up.set(None)


def linked_pages(page_ids) -> dict[str, LinkedPage]:
    """{id: LinkedPage} for these page ids, with at most one query for those this request has not looked up.

    Outside a request (a command, a test calling this directly) nothing is kept.
    """
    wanted = {str(page_id) for page_id in page_ids if page_id is not None and str(page_id).isdigit()}
    known = _looked_up.get()
    if known is None:
        known = {}
    missing = wanted - known.keys()
    if missing:
        pages = Page.objects.filter(pk__in=[int(page_id) for page_id in missing]).only(
            "pk", "path", "depth", "url_path", "locale_id", "live", "title"
        )
        found = {str(page.pk): LinkedPage(page.url or "", page.live, page.title) for page in pages}
        known.update({page_id: found.get(page_id, GONE) for page_id in missing})
    return {page_id: known[page_id] for page_id in wanted}


def linked_page_ids(html: str) -> list[str]:
    """The ids of our pages that this stored rich text links to."""
    ids = []
    for tag in PAGE_LINK.findall(html or ""):
        match = LINK_ID.search(tag)
        if match:
            ids.append(match.group(1))
    return ids


def with_live_page_links(db_html: str) -> str:
    """Stored rich text with its links to our pages written as plain `href`s; a link to a page not live keeps only its text."""
    ids = {tag: LINK_ID.search(tag) for tag in PAGE_LINK.findall(db_html or "")}
    pages = linked_pages(match.group(1) for match in ids.values() if match)

    def link(match):
        found = ids.get(match.group(0))
        page = pages.get(found.group(1)) if found else None
        return f'<a href="{escape(page.url)}">' if page is not None and page.live and page.url else "<a>"

    return PAGE_LINK.sub(link, db_html or "")


class CachedPageLinkHandler(LinkHandler):
    """Wagtail's page link handler (wagtail.rich_text.pages), answered from the pages this request has looked up.

    It stands in for Wagtail's handler under the same identifier. It derives
    from LinkHandler, not PageLinkHandler, whose module cannot be imported
    while the models load, and the story model primes the look-up.
    """

    identifier = "page"

    @staticmethod
    def get_model():
        return Page

    @classmethod
    def expand_db_attributes(cls, attrs: dict) -> str:
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        pages = linked_pages(attrs.get("id") for attrs in attrs_list)
        return [
            f'<a href="{escape(page.url)}">' if (page := pages.get(str(attrs.get("id")))) and page.url else "<a>"
            for attrs in attrs_list
        ]

    @classmethod
    def extract_references(cls, attrs):
        # As Wagtail's: (model, object id, model path, content path) for its reference index.
        yield Page, attrs["id"], "", ""
