"""Which cached pages go stale when a page is published, unpublished, moved or deleted."""

from django.urls import reverse

from website.page_cache import purge_paths


def page_path(page):
    """The page's path on its site ("/world-news/story/"), or None when it is not routable."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def distribution_paths(page) -> list[str]:
    """The feeds and sitemaps a change to `page` shows up in.

    Both sitemaps and the site feed change with any page; a section's feed
    with the section itself and with each of its stories. Authors' feeds go
    with their pages (`author_paths`).
    """
    from news.distribution import feeds
    from news.models import ArticlePage, SectionPage

    paths = [
        reverse("distribution:sitemap"),
        reverse("distribution:news-sitemap"),
        feeds.site_feed_url(),
    ]
    section = page if isinstance(page, SectionPage) else None
    if isinstance(page, ArticlePage):
        section = page.get_parent().specific
    if isinstance(section, SectionPage):
        paths.append(feeds.section_feed_url(section))
    return paths


def author_paths(author) -> list[str]:
    """An author's page and feed."""
    from news.distribution import feeds

    return [author.get_absolute_url(), feeds.author_feed_url(author)]


def paths_affected_by(page) -> list[str]:
    """The page itself, its parent listing, the home page, the feeds and sitemaps and, for a story, its authors' pages and feeds.

    Purges more than strictly needed (every listing the story might appear
    on), because a missed purge shows readers a stale page and an extra one
    only costs a re-render.
    """
    from news.models import ArticlePage

    page = page.specific
    paths = ["/", *distribution_paths(page)]
    own = page_path(page)
    if own:
        paths.append(own)
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        parent_path = page_path(parent)
        if parent_path:
            paths.append(parent_path)
    if isinstance(page, ArticlePage):
        for link in page.authors.select_related("author"):
            paths += author_paths(link.author)
        notice = page.effective_licensing_notice
        if notice is not None:
            notice_path = page_path(notice)
            if notice_path:
                paths.append(notice_path)
    return paths


def purge_page(page):
    purge_paths(paths_affected_by(page))
