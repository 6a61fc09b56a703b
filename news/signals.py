"""Keep denormalised article data and cached lookups in step with the page tree.

Which cached pages a change makes stale is news.staleness's business.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from news import renditions  # noqa: F401 - connects the receiver that makes a published story's renditions
from news.models.articles import PRIVATE_PATHS_CACHE_KEY, ArticlePage
from news.models.site_settings import PublicationSettings


@receiver(post_page_move)
def refresh_section_after_move(sender, instance, **kwargs):
    """A story moved to another section takes that section for listings and search filters."""
    if not issubclass(instance.specific_class or object, ArticlePage):
        return
    article = ArticlePage.objects.get(pk=instance.pk)
    ArticlePage.objects.filter(pk=article.pk).update(section_id=article.section_id_from_tree())


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def forget_private_paths(sender, **kwargs):
    """A restriction added or lifted changes which stories listings may show."""
    cache.delete(PRIVATE_PATHS_CACHE_KEY)


@receiver(post_page_move)
def forget_private_paths_after_move(sender, **kwargs):
    """Moving a restricted page changes the paths it covers."""
    cache.delete(PRIVATE_PATHS_CACHE_KEY)


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
    """The cached settings carry their logo and social image: forget them when either changes."""
    cached = PublicationSettings.cached()
    if cached is not None and instance.pk in (cached.logo_id, cached.social_image_id):
        PublicationSettings.forget_cached()
