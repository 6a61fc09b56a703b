from django.db import models


class PendingPurge(models.Model):
    """Something the HTTP caches in front of the site must drop, kept until every one of them has.

    Written in the same transaction as the change that makes it stale, so a
    purge cannot be lost between the commit and the cache: if Varnish cannot
    be reached, the row stays and is sent again (caching.purge).
    """

    class Kind(models.TextChoices):
        URL = "url", "Address (every variant of its path)"
        TAG = "tag", "Every page showing a story"
        SITE = "site", "Every page of a site"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    target = models.CharField(max_length=2000, help_text="An absolute address, a story tag or a site's root address.")
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target}"
