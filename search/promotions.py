"""Search promotions above results, and hits for the popular-queries report, in Wagtail's own models and admin."""

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.search.utils import normalise_query_string

PROMOTED_QUERIES_KEY = "search:promoted-queries"
# Signals clear it at once in a shared cache (Redis); other processes' caches follow within this time.
PROMOTED_QUERIES_SECONDS = 300


def record_hit(query_text: str):
    """Count one search for `query_text` today (the newsroom's day), in four statements and no savepoint.

    Not `Query.get(...).add_hit()`: its savepoints would take the search page past its query budget. On PostgreSQL
    it does not wait for the disk: a crash can lose the last instant's hits, never corrupt them.
    """
    query_string = normalise_query_string(query_text)
    today = timezone.localdate()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        Query.objects.bulk_create([Query(query_string=query_string)], ignore_conflicts=True)
        query_id = Query.objects.filter(query_string=query_string).values_list("pk", flat=True).get()
        QueryDailyHits.objects.bulk_create(
            [QueryDailyHits(query_id=query_id, date=today, hits=0)], ignore_conflicts=True
        )
        QueryDailyHits.objects.filter(query_id=query_id, date=today).update(hits=F("hits") + 1)


def promotions_for(query_text: str) -> list:
    """The editors' promoted results for this query, in their order; promoted pages must be live.

    Which queries have promotions is cached, so a search without any, the usual case, asks the database nothing.
    """
    promoted = cache.get_or_set(PROMOTED_QUERIES_KEY, promoted_queries, PROMOTED_QUERIES_SECONDS)
    ids = promoted.get(normalise_query_string(query_text))
    if not ids:
        return []
    return list(
        SearchPromotion.objects.filter(id__in=ids)
        .filter(Q(page__isnull=True) | Q(page__live=True))
        .select_related("page")
        .order_by("sort_order")
    )


def promoted_queries() -> dict[str, list[int]]:
    """Every promoted query string with the ids of its promotions."""
    promoted = {}
    for query_string, promotion_id in SearchPromotion.objects.values_list("query__query_string", "id"):
        promoted.setdefault(query_string, []).append(promotion_id)
    return promoted
