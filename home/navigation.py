"""The site's navigation, read off the page tree: the sections in the header, the publication's pages in the footer.

Editors decide what is listed with Wagtail's "Show in menus" and the order
with the page tree's own order; nothing else is configured.

Every page shows it, and its one query put the story and home pages over
their query budgets (tests/news/test_query_budgets.py), so the menu of each
site is kept in the cache and forgotten, through a generation number, when
any page directly under a site's home page is saved, published,
unpublished, moved or deleted (the receivers below, the only ones). That
forgets more than strictly needed (a draft of a section saved), because
such changes are rare and a stale menu would send readers to a page that
is gone. The HTTP cache's copies of every page are purged by
news.staleness for the same changes.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from caching.invalidation import bump, now_and_on_commit

CACHE_SECONDS = 300
GENERATION_KEY = "navigation:generation"
# A home page is at depth 2 (under Wagtail's root); the pages in the menus are its children.
MENU_DEPTH = 3


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    # "page" on the item's own page, "true" on a page inside it (a section's story); None elsewhere.
    current: str | None = None


@dataclass(frozen=True)
class Navigation:
    sections: list[MenuItem]
    pages: list[MenuItem]


def menu_rows(site) -> list[tuple[str, str, bool]]:
    """(title, url_path, is_section) of the live pages marked "Show in menus" under the site's home page, in tree order."""
    key = f"navigation:{site.pk}:{site.root_page_id}"
    found = cache.get_many([key, GENERATION_KEY])
    generation = found.get(GENERATION_KEY, 0)
    cached = found.get(key)
    if cached is not None and cached[0] == generation:
        return cached[1]
    section_type = ContentType.objects.get_by_natural_key("news", "sectionpage").pk
    rows = [
        (title, url_path, content_type_id == section_type)
        for title, url_path, content_type_id in Page.objects.child_of(site.root_page)
        .live()
        .filter(show_in_menus=True)
        .order_by("path")
        .values_list("title", "url_path", "content_type_id")
    ]
    cache.set(key, (generation, rows), CACHE_SECONDS)
    return rows


def site_navigation(request, current_page=None) -> Navigation:
    """The sections and publication pages in the menus of the site answering `request`.

    `current_page` (the page being shown, if any) marks the item it is, or
    lies under, for `aria-current`.
    """
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return Navigation(sections=[], pages=[])
    root_path = site.root_page.url_path
    current_path = getattr(current_page, "url_path", None) or ""
    sections, pages = [], []
    for title, url_path, is_section in menu_rows(site):
        if current_path == url_path:
            current = "page"
        elif current_path.startswith(url_path):
            current = "true"
        else:
            current = None
        item = MenuItem(title, "/" + url_path[len(root_path) :], current)
        (sections if is_section else pages).append(item)
    return Navigation(sections=sections, pages=pages)


def is_in_menu_level(page) -> bool:
    return isinstance(page, Page) and page.depth == MENU_DEPTH


def forget_menus():
    now_and_on_commit(lambda: bump(GENERATION_KEY))


@receiver([post_save, post_delete])
def forget_menus_after_a_page_change(sender, instance, **kwargs):
    if is_in_menu_level(instance):
        forget_menus()


@receiver([page_published, page_unpublished])
def forget_menus_after_publishing(sender, instance, **kwargs):
    if is_in_menu_level(instance):
        forget_menus()


@receiver(post_page_move)
def forget_menus_after_a_move(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    """A page moved into or out of the level the menus list."""
    if is_in_menu_level(instance) or any(
        parent is not None and parent.depth == MENU_DEPTH - 1 for parent in (parent_page_before, parent_page_after)
    ):
        forget_menus()
