"""Search promotions shown above results, and the hits behind Wagtail's popular-queries report.

Both use Wagtail's own models (wagtail.contrib.search_promotions), so editors
manage promotions and read the report in the admin as usual.
"""

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.search.utils import normalise_query_string

PROMOTED_QUERIES_KEY = "search:promoted-queries"
# Signals clear it at once in a shared cache (Redis); with a cache per process, other
# processes follow within this time.
PROMOTED_QUERIES_SECONDS = 300


def record_hit(query_text: str):
    """Count one search for `query_text` today (the newsroom's day), in Wagtail's popular-queries report.

    The query and the day's counter are each created if missing (ignoring
    one another request created meanwhile), then the counter is added to:
    four statements, without the savepoints of Wagtail's `get_or_create`.
    All in one transaction which, on PostgreSQL, does not wait for the disk
    (`synchronous_commit` off for it alone): a reader's search should not
    wait a disk flush for a statistic, and a crash can lose at most the
    last fraction of a second of hits, never corrupt them.
    """
    query_string = normalise_query_string(query_text)
    today = timezone.localdate()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        Query.objects.bulk_create([Query(query_string=query_string)], ignore_conflicts=True)
        query_id = Query.objects.filter(query_string=query_string).values_list("pk", flat=True).get()
        hits = QueryDailyHits.objects.filter(query_id=query_id, date=today)
        QueryDailyHits.objects.bulk_create(
            [QueryDailyHits(query_id=query_id, date=today, hits=0)], ignore_conflicts=True
        )
        hits.update(hits=F("hits") + 1)


def promotions_for(query_text: str) -> list:
    """The editors' promoted results for this query, in their order; promoted pages must be live.

    Which queries have promotions is cached (see `promoted_queries`), so a
    search without promotions, the usual case, asks the database nothing.
    """
    ids = promoted_queries().get(normalise_query_string(query_text))
    if not ids:
        return []
    return list(
        SearchPromotion.objects.filter(id__in=ids)
        .filter(Q(page__isnull=True) | Q(page__live=True))
        .select_related("page")
        .order_by("sort_order")
    )


def promoted_queries() -> dict[str, list[int]]:
    """Every promoted query string with the ids of its promotions, cached until promotions change.

    One small entry (promotions number in the tens or hundreds), cleared by
    the signals in search.signals whenever a promotion or a query is saved
    or deleted.
    """
    promoted = cache.get(PROMOTED_QUERIES_KEY)
    if promoted is None:
        promoted = {}
        for query_string, promotion_id in SearchPromotion.objects.values_list("query__query_string", "id"):
            promoted.setdefault(query_string, []).append(promotion_id)
        cache.set(PROMOTED_QUERIES_KEY, promoted, PROMOTED_QUERIES_SECONDS)
    return promoted


def forget_promoted_queries():
    cache.delete(PROMOTED_QUERIES_KEY)
