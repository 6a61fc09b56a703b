"""Search promotions shown above results, and the hits behind Wagtail's popular-queries report.

Both use Wagtail's own models (wagtail.contrib.search_promotions), so editors
manage promotions and read the report in the admin as usual.
"""

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.search.utils import normalise_query_string


def record_hit(query_text: str):
    """Count one search for `query_text` today (two queries once the day's row exists).

    Wagtail's `Query.add_hit` reads the day's row before updating it; here the
    update comes first and the row is created only when there was none.
    """
    query = Query.get(query_text)
    today = timezone.localdate()
    if QueryDailyHits.objects.filter(query=query, date=today).update(hits=F("hits") + 1):
        return
    try:
        with transaction.atomic():
            QueryDailyHits.objects.create(query=query, date=today, hits=1)
    except IntegrityError:
        # Another request created the day's row in between.
        QueryDailyHits.objects.filter(query=query, date=today).update(hits=F("hits") + 1)


def promotions_for(query_text: str) -> list:
    """The editors' promoted results for this query, in their order; promoted pages must be live."""
    return list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query_text))
        .filter(Q(page__isnull=True) | Q(page__live=True))
        .select_related("page")
        .order_by("sort_order")
    )
