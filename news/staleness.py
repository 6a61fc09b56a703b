"""What a change makes stale: the one place that says which pages a change touches, and tells the caches.

Every cached copy of a reader page lives in the HTTP cache in front of the
site (Varnish or a CDN); this module decides what each change makes stale
and hands it to caching.purge, which keeps it until the caches confirm.

A change to a story makes stale: the story's own page (and its old address
after a move), every page that shows it (its section listing, the home
page, author pages, related lists on other stories, suggestions: all
tagged with the story, `Surrogate-Key: story-<id>`), the section listing
and feed it left after a move, the site, section, author and topic feeds,
its topics' pages, both sitemaps, and its licence's page. A brand-new story is on no page yet, so
the listings it joins are purged by address as well as by tag.

Purges more than strictly needed (every listing the story might appear
on), because a missed purge shows readers a stale page, or a story taken
down, while an extra one only costs a re-render.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from caching.purge import purge
from news.distribution import rss
from news.models import ArticlePage, Author, PublicationSettings, SectionPage
from news.topics import topic_feed_url, topic_url


def page_path(page):
    """The page's path on its site ("/world-news/story/"), or None when it is not routable."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def site_root_url(page):
    """The root address of the page's site ("https://news.example/"), or None when it is not routable."""
    parts = page.get_url_parts()
    return parts[1].rstrip("/") + "/" if parts else None


def every_site_root_url() -> list[str]:
    return [site.root_url.rstrip("/") + "/" for site in Site.objects.all()]


def absolute(root_url, paths) -> list[str]:
    return [root_url.rstrip("/") + path for path in paths if path]


def distribution_paths(page) -> list[str]:
    """The feeds and sitemaps a change to `page` shows up in.

    Both sitemaps and the site feed change with any page; a section's feed
    with the section itself and with each of its stories. Authors' feeds go
    with their pages (`author_paths`).
    """
    paths = [reverse("distribution:sitemap"), reverse("distribution:news-sitemap"), rss.site_feed_url()]
    section = page if isinstance(page, SectionPage) else None
    if isinstance(page, ArticlePage):
        section = page.get_parent().specific
    if isinstance(section, SectionPage):
        paths.append(rss.section_feed_url(section))
    return paths


def author_paths(author) -> list[str]:
    """An author's page and feed."""
    return [author.get_absolute_url(), rss.author_feed_url(author)]


def paths_affected_by(page) -> list[str]:
    """The page itself, its parent listing, the home page, the feeds and sitemaps and, for a story, its authors' pages and feeds, its licence page and its topics' pages and feeds."""
    page = page.specific
    paths = ["/", *distribution_paths(page)]
    own = page_path(page)
    if own:
        paths.append(own)
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        paths.append(page_path(parent))
    if isinstance(page, ArticlePage):
        for link in page.authors.select_related("author"):
            paths += author_paths(link.author)
        notice = page.effective_licensing_notice
        if notice is not None:
            paths.append(page_path(notice))
        for name in page.tags.names():
            paths += [topic_url(name), topic_feed_url(name)]
    return [path for path in paths if path]


# A site's home page is at depth 2; the sections and publication pages in its menus are its children.
MENU_DEPTH = 3


def in_site_menus(page) -> bool:
    """True for a page directly under a site's home page (depth 3): a section or publication page every page's header or footer may list.

    Publishing, unpublishing or moving one purges its whole site, since
    the menus (home.navigation) are on every page; such changes are rare.
    """
    return page.depth == MENU_DEPTH


def stories_shown_by(page) -> list[int]:
    return [page.pk] if isinstance(page.specific_deferred, ArticlePage) else []


@receiver(page_published)
@receiver(page_unpublished)
def stale_after_publishing(sender, instance, **kwargs):
    """Readers see a story, and every page it appears on, as it now stands as soon as it goes live, changes or comes down.

    Deleting a live page unpublishes it first (Wagtail does), so a deletion
    comes through here too.
    """
    root_url = site_root_url(instance)
    if root_url is None:
        return
    if in_site_menus(instance):
        purge(site_root_urls=[root_url])
        return
    purge(urls=absolute(root_url, paths_affected_by(instance)), story_ids=stories_shown_by(instance))


@receiver(post_page_move)
def stale_after_move(sender, instance, url_path_before=None, parent_page_before=None, **kwargs):
    """The moved page, where it now lists, and where it was: its old address, the listing and feed it left.

    A page with pages under it (a section) moves every address beneath it,
    so its whole site is purged: moves of sections are rare, and a story
    left answering at its old address would be a story no edit can reach.
    A page moved into or out of the menus' level purges its site too.
    """
    instance = instance.specific
    root_url = site_root_url(instance)
    if root_url is None:
        return
    left_menus = parent_page_before is not None and parent_page_before.depth == MENU_DEPTH - 1
    if instance.get_children().exists() or in_site_menus(instance) or left_menus:
        purge(site_root_urls=[root_url])
        return
    paths = paths_affected_by(instance)
    site = instance.get_site()
    if url_path_before and site is not None:
        paths.append("/" + url_path_before[len(site.root_page.url_path) :])
    if parent_page_before is not None and parent_page_before.depth > 1:
        parent_page_before = parent_page_before.specific
        paths += [page_path(parent_page_before), *distribution_paths(parent_page_before)]
    purge(urls=absolute(root_url, paths), story_ids=stories_shown_by(instance))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def stale_after_view_restriction_change(sender, instance, raw=False, **kwargs):
    """A page put behind a password, a sign-in or groups (or freed from one) is purged with every page showing it.

    Shared caches must not keep serving a story to everyone once it has been
    made private, nor keep its card in listings. A restricted page with pages
    under it (a section), or in the menus, restricts or frees many stories
    at once: its whole site is purged. When the page itself is being deleted,
    its unpublishing has purged it already.
    """
    if raw:
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    page = page.specific
    root_url = site_root_url(page)
    if root_url is None:
        return
    if page.depth < MENU_DEPTH or in_site_menus(page) or page.get_children().exists():
        purge(site_root_urls=[root_url])
        return
    purge(urls=absolute(root_url, paths_affected_by(page)), story_ids=stories_shown_by(page))


@receiver(post_save, sender=Author)
def stale_after_author_change(sender, instance, **kwargs):
    """An author's new name, role or photo shows on their page, in their feed and in their stories' bylines."""
    story_ids = ArticlePage.objects.filter(authors__author=instance).values_list("pk", flat=True)
    urls = [url for root_url in every_site_root_url() for url in absolute(root_url, author_paths(instance))]
    purge(urls=urls, story_ids=story_ids)


@receiver(post_save, sender=PublicationSettings)
def stale_after_publication_settings_change(sender, created=False, raw=False, **kwargs):
    """The name, tagline, donation call and licence show on every page, feed and card: every page goes.

    Not when the settings are first created: Wagtail creates them, with the
    defaults every page was already drawn with, when a page first reads them,
    which may be in a reader's request.
    """
    if created or raw:
        return
    purge(site_root_urls=every_site_root_url())


def stale_after_comments_change(article_ids):
    """Readers see a story's comments as they now stand: only the stories' own pages (listings show no comments)."""
    urls = []
    for article in ArticlePage.objects.filter(pk__in=set(article_ids)):
        root_url = site_root_url(article)
        if root_url is not None:
            urls += absolute(root_url, [page_path(article)])
    purge(urls=urls)


def stale_after_comment_rules_change():
    """Opening or closing comments site-wide changes every story page."""
    purge(site_root_urls=every_site_root_url())
