"""Where our original stories have been republished, as reported by the tracking image."""

from django.db import connection, models
from django.utils import timezone

from news.models.articles import ArticlePage, Origin


class Republication(models.Model):
    """One of our stories on one other site: how often its copy was viewed, first and last seen."""

    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="republications")
    site = models.CharField(
        max_length=253, blank=True, help_text="The republishing site's host name; empty when its pages send none."
    )
    view_count = models.PositiveBigIntegerField(default=1)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "site"], name="republication_unique_site")]
        indexes = [models.Index(fields=["-last_seen"], name="republication_last_seen")]

    def __str__(self):
        return f"{self.article_id} on {self.site or 'an unknown site'}"

    @property
    def site_display(self) -> str:
        return self.site or "Unknown site (no referrer sent)"


def record_republication(article_id: int, site: str) -> None:
    """Count one view of a republished copy, in a single statement.

    An INSERT … SELECT … ON CONFLICT DO UPDATE (SQLite ≥ 3.24 and PostgreSQL
    spell it the same) creates the row on the first view and bumps the count
    and last-seen time afterwards, without a read first and without a race
    between two views. The SELECT only yields a row for a live original
    story, so an id that is unknown, syndicated or unpublished stores
    nothing instead of failing a foreign key.
    """
    table = connection.ops.quote_name(Republication._meta.db_table)
    articles = connection.ops.quote_name(ArticlePage._meta.db_table)
    pages = connection.ops.quote_name(ArticlePage._meta.get_field("page_ptr").related_model._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = f"""
        INSERT INTO {table} (article_id, site, view_count, first_seen, last_seen)
        SELECT a.page_ptr_id, %s, 1, %s, %s
        FROM {articles} a INNER JOIN {pages} p ON p.id = a.page_ptr_id
        WHERE a.page_ptr_id = %s AND a.origin = %s AND p.live = %s
        ON CONFLICT (article_id, site)
        DO UPDATE SET view_count = {table}.view_count + 1, last_seen = excluded.last_seen
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [site, now, now, article_id, Origin.ORIGINAL, True])
