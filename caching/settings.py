"""Site settings that every page reads, kept in Django's cache between requests."""

from django.core.cache import cache


class CachedSettingMixin:
    """For a Wagtail generic setting read on every page: its row comes from the cache, not the database.

    Loading a setting is a query on every page view, as costly as some pages'
    own queries. The copy is forgotten when the setting is saved or deleted
    (`forget_cached`, called by the owning app's signals); in a shared cache
    (Redis) every process follows at once, with a cache per process the
    others follow within CACHE_SECONDS.
    """

    CACHE_SECONDS = 300

    @classmethod
    def cache_key(cls) -> str:
        return f"settings:{cls._meta.label_lower}"

    @classmethod
    def _get_or_create(cls):
        settings = cache.get(cls.cache_key())
        if settings is None:
            settings = super()._get_or_create()
            cache.set(cls.cache_key(), settings, cls.CACHE_SECONDS)
        return settings

    @classmethod
    def cached(cls):
        """The cached copy, or None."""
        return cache.get(cls.cache_key())

    @classmethod
    def forget_cached(cls):
        cache.delete(cls.cache_key())
