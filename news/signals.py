"""Keep denormalised article data and cached lookups in step with the page tree."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from news.models.articles import PRIVATE_PATHS_CACHE_KEY
from news.models.authors import Author
from news.models.site_settings import PublicationSettings
from news.purging import author_paths, distribution_paths, page_path, paths_affected_by, purge_page
from news.rich_text import forget_page_link


@receiver(post_page_move)
def refresh_section_after_move(sender, instance, **kwargs):
    """A story moved to another section takes that section for listings and search filters."""
    from news.models import ArticlePage

    if not issubclass(instance.specific_class or object, ArticlePage):
        return
    article = ArticlePage.objects.get(pk=instance.pk)
    ArticlePage.objects.filter(pk=article.pk).update(section_id=article.section_id_from_tree())


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def forget_cached_sites(sender, **kwargs):
    """A site's hostname, port or root page changed: requests look their site up again."""
    from website.sites import forget_sites

    forget_sites()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def forget_private_paths(sender, **kwargs):
    """A restriction added or lifted changes which stories listings may show."""
    cache.delete(PRIVATE_PATHS_CACHE_KEY)


@receiver(post_page_move)
def forget_private_paths_after_move(sender, **kwargs):
    """Moving a restricted page changes the paths it covers."""
    cache.delete(PRIVATE_PATHS_CACHE_KEY)


@receiver(page_published)
@receiver(page_unpublished)
def purge_cached_pages(sender, instance, **kwargs):
    """Readers see a story, and every listing it appears on, as soon as it goes live or comes down."""
    purge_page(instance)


@receiver(post_page_move)
def purge_after_move(sender, instance, url_path_before=None, parent_page_before=None, **kwargs):
    """The moved page, where it now lists, and where it was: its old address, the listing and feed it left."""
    from website.page_cache import purge_paths

    paths = paths_affected_by(instance)
    if url_path_before:
        # The old address is gone too; its cached copy must not keep answering.
        site_root = instance.get_site().root_page.url_path if instance.get_site() else "/"
        paths.append("/" + url_path_before[len(site_root) :])
    if parent_page_before is not None and parent_page_before.depth > 1:
        parent_page_before = parent_page_before.specific
        paths += [page_path(parent_page_before), *distribution_paths(parent_page_before)]
    purge_paths([path for path in paths if path])


@receiver(post_save, sender=Author)
def purge_author_pages(sender, instance, **kwargs):
    """An author's new name, role or photo shows on their page and in their feed at once."""
    from website.page_cache import purge_paths

    purge_paths(author_paths(instance))


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def forget_cached_page_link(sender, instance, **kwargs):
    """Links to a page in other stories' text follow it at once when its address changes or it goes."""
    forget_page_link(instance.pk)


@receiver([post_save, post_delete], sender=PublicationSettings)
def forget_cached_publication_settings(sender, **kwargs):
    PublicationSettings.forget_cached()


@receiver([page_published, page_unpublished, post_page_move])
@receiver(post_delete, sender=Page)
def forget_publication_settings_when_the_licence_page_changes(sender, instance, **kwargs):
    """The cached settings carry their licence page (title, address): forget them when it changes."""
    cached = PublicationSettings.cached()
    if cached is not None and instance.pk == cached.originals_licence_id:
        PublicationSettings.forget_cached()


@receiver([post_save, post_delete], sender=get_image_model())
def forget_publication_settings_when_the_logo_changes(sender, instance, **kwargs):
    cached = PublicationSettings.cached()
    if cached is not None and instance.pk == cached.logo_id:
        PublicationSettings.forget_cached()


@receiver(post_save, sender=PublicationSettings)
def purge_every_page_when_publication_settings_change(sender, **kwargs):
    """The name, tagline, donation call and licence show on every page, feed and card.

    Purges far more than one field needs, because a stale donation appeal or
    publication name on some pages looks broken to readers and editors alike.
    """
    from website.page_cache import purge_everything

    purge_everything()
