"""Search promotions shown above results, and the hits behind Wagtail's popular-queries report.

Both use Wagtail's own models (wagtail.contrib.search_promotions), so editors
manage promotions and read the report in the admin as usual.
"""

from django.db.models import F, Q
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.search.utils import normalise_query_string


def record_hit(query_text: str):
    """Count one search for `query_text` today: one query on a busy day, five for a query never seen before.

    Wagtail's `Query.get(...).add_hit()` takes three queries even for a
    popular search (and six inside a transaction, for savepoints). Here the
    day's counter is bumped first; only when it does not exist yet are the
    query and the counter created, with inserts that ignore a row another
    request created in between, so no count is lost and nothing raises.
    """
    query_string = normalise_query_string(query_text)
    today = timezone.localdate()
    todays_hits = QueryDailyHits.objects.filter(query__query_string=query_string, date=today)
    if todays_hits.update(hits=F("hits") + 1):
        return
    Query.objects.bulk_create([Query(query_string=query_string)], ignore_conflicts=True)
    query_id = Query.objects.filter(query_string=query_string).values_list("id", flat=True).get()
    QueryDailyHits.objects.bulk_create([QueryDailyHits(query_id=query_id, date=today, hits=0)], ignore_conflicts=True)
    QueryDailyHits.objects.filter(query_id=query_id, date=today).update(hits=F("hits") + 1)


def promotions_for(query_text: str) -> list:
    """The editors' promoted results for this query, in their order; promoted pages must be live."""
    return list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query_text))
        .filter(Q(page__isnull=True) | Q(page__live=True))
        .select_related("page")
        .order_by("sort_order")
    )
