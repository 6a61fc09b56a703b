"""Reader search on PostgreSQL: the ORM on each story's weighted `tsvector` (search.models.StoryDocument).

The reader's words go to PostgreSQL's `websearch_to_tsquery`, which requires
every word and matches quoted phrases as phrases; the GIN index finds the
matching stories. Newest first reads them through the story date index.
By relevance, only the newest `window` matches are ranked (`ts_rank` with the
documents' weights) and the older ones follow newest first: ranking every
match of a common word would read every one of their documents. The count
stops at COUNT_LIMIT, above which the page says "1,000+ stories": counting
all the matches of a word in most stories would read them all too.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F

from news.models import ArticlePage
from search.documents import RANK_WEIGHTS, text_config

COUNT_LIMIT = 1000
NEWEST_FIRST = ("-display_date", "-id")


def websearch_text(query) -> str:
    """A ReaderQuery as `websearch_to_tsquery` reads it: its words, and its phrases in quotes."""
    return " ".join([*query.terms, *(f'"{phrase}"' for phrase in query.phrases)])


class StorySearch:
    """The live, public stories matching a reader's SearchParams: a bounded count and pages of ids."""

    def __init__(self, params):
        self.query = SearchQuery(websearch_text(params.query), search_type="websearch", config=text_config())
        self.matches = params.filter_stories(ArticlePage.objects.readable()).filter(
            search_document__document=self.query
        )

    def count(self) -> tuple[int, bool]:
        """The number of matches up to COUNT_LIMIT, and whether there are more."""
        found = self.matches.order_by()[: COUNT_LIMIT + 1].count()
        return min(found, COUNT_LIMIT), found > COUNT_LIMIT

    def newest(self, start, stop) -> list[int]:
        return list(self.matches.order_by(*NEWEST_FIRST).values_list("pk", flat=True)[start:stop])

    def page(self, start, stop, sort, window) -> list[int]:
        """The ids at positions start..stop: by relevance among the newest `window` when asked, then newest first."""
        if sort != "relevance" or start >= window:
            return self.newest(start, stop)
        newest_window = self.matches.order_by(*NEWEST_FIRST).values("pk")[:window]
        ranked = (
            ArticlePage.objects.filter(pk__in=newest_window)
            .annotate(rank=SearchRank(F("search_document__document"), self.query, weights=RANK_WEIGHTS))
            .order_by("-rank", *NEWEST_FIRST)
            .values_list("pk", flat=True)
        )
        ids = list(ranked[start : min(stop, window)])
        if stop > window:
            ids += self.newest(window, stop)
        return ids
