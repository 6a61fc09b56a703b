"""Search promotions shown above results, and the hits behind Wagtail's popular-queries report.

Both use Wagtail's own models (wagtail.contrib.search_promotions), so editors
manage promotions and read the report in the admin as usual.
"""

from django.core.cache import cache
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.search.utils import normalise_query_string

PROMOTED_QUERIES_KEY = "search:promoted-queries"
# Signals clear it at once in a shared cache (Redis); with a cache per process, other
# processes follow within this time.
PROMOTED_QUERIES_SECONDS = 300


def record_hit(query_text: str):
    """Count one search for `query_text` today: one statement on a busy day, five for a query never seen before.

    Wagtail's `Query.get(...).add_hit()` takes three queries even for a
    popular search (and six inside a transaction, for savepoints). Here the
    day's counter is bumped first; only when it does not exist yet are the
    query and the counter created, with inserts that ignore a row another
    request created in between, so no count is lost and nothing raises.
    """
    query_string = normalise_query_string(query_text)
    today = timezone.localdate()
    if _count_todays_hit(query_string, today):
        return
    Query.objects.bulk_create([Query(query_string=query_string)], ignore_conflicts=True)
    query_id = Query.objects.filter(query_string=query_string).values_list("id", flat=True).get()
    QueryDailyHits.objects.bulk_create([QueryDailyHits(query_id=query_id, date=today, hits=0)], ignore_conflicts=True)
    QueryDailyHits.objects.filter(query_id=query_id, date=today).update(hits=F("hits") + 1)


def _count_todays_hit(query_string, today) -> bool:
    """Add one to today's counter of `query_string`, if it exists.

    On PostgreSQL the update does not wait for its commit to reach the disk
    (`synchronous_commit = off`, for this statement only): a search would
    otherwise wait about as long as its own queries take, and a crash can
    lose only the last fraction of a second of counts, never corrupt them.
    """
    if connection.vendor != "postgresql":
        todays_hits = QueryDailyHits.objects.filter(query__query_string=query_string, date=today)
        return bool(todays_hits.update(hits=F("hits") + 1))
    sql = f"""
        UPDATE {QueryDailyHits._meta.db_table} h SET hits = h.hits + 1 FROM {Query._meta.db_table} q
        WHERE q.id = h.query_id AND q.query_string = %s AND h.date = %s
    """
    with connection.cursor() as cursor:
        # Sent together, so the setting holds for the update's own transaction.
        cursor.execute(f"SET LOCAL synchronous_commit = off; {sql}", [query_string, today])
        cursor.nextset()
        return cursor.rowcount > 0


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
