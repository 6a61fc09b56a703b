"""Which cached pages go stale when a page is published, unpublished, moved or deleted."""

from website.page_cache import purge_paths


def page_path(page):
    """The page's path on its site ("/world-news/story/"), or None when it is not routable."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def paths_affected_by(page) -> list[str]:
    """The page itself, its parent listing, the home page and, for a story, its authors' pages.

    Purges more than strictly needed (every listing the story might appear
    on), because a missed purge shows readers a stale page and an extra one
    only costs a re-render.
    """
    from news.models import ArticlePage

    page = page.specific
    paths = ["/"]
    own = page_path(page)
    if own:
        paths.append(own)
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        parent_path = page_path(parent)
        if parent_path:
            paths.append(parent_path)
    if isinstance(page, ArticlePage):
        paths += [link.author.get_absolute_url() for link in page.authors.select_related("author")]
        notice = page.effective_licensing_notice
        if notice is not None:
            notice_path = page_path(notice)
            if notice_path:
                paths.append(notice_path)
    return paths


def purge_page(page):
    purge_paths(paths_affected_by(page))
