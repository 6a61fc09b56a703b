"""Reader search on PostgreSQL: the ORM on the live stories' weighted `tsvector`s (search.models.StoryDocument).

`websearch_to_tsquery` requires every word and matches quoted phrases; the
count stops at COUNT_LIMIT ("1,000+ stories"), and by relevance only the
newest `window` matches are ranked, older ones following newest first. Up to
COUNT_LIMIT matches are read at once and ordered here; past it the newest
are found by reading documents down the date index until enough match.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F

from news.models import ArticlePage
from news.models.articles import private_page_paths
from search.documents import RANK_WEIGHTS, text_config
from search.models import StoryDocument

COUNT_LIMIT = 1000
# As the documents' date index runs (a live story always has a display date).
NEWEST_FIRST = ("-display_date", "-page_id")


def websearch_text(query) -> str:
    """A ReaderQuery as `websearch_to_tsquery` reads it: its words, and its phrases in quotes."""
    return " ".join([*query.terms, *(f'"{phrase}"' for phrase in query.phrases)])


def matching_documents(params, query):
    """The documents matching `query` within the reader's section and dates, of stories a reader may see."""
    documents = StoryDocument.objects.filter(document=query)
    earliest, before = params.date_bounds()
    if earliest:
        documents = documents.filter(display_date__gte=earliest)
    if before:
        documents = documents.filter(display_date__lt=before)
    if params.section is not None or private_page_paths():
        readable = ArticlePage.objects.readable()
        if params.section is not None:
            readable = readable.filter(section_id=params.section.pk)
        documents = documents.filter(page__in=readable.values("pk"))
    return documents


class StorySearch:
    """The live, public stories matching a reader's SearchParams: a bounded count and pages of ids."""

    def __init__(self, params):
        self.query = SearchQuery(websearch_text(params.query), search_type="websearch", config=text_config())
        self.matches = matching_documents(params, self.query)
        self.few = None  # every match's id, newest first, when there are at most COUNT_LIMIT

    def count(self) -> tuple[int, bool]:
        """The number of matches up to COUNT_LIMIT, and whether there are more."""
        found = list(self.matches.order_by().values_list("page_id", "display_date")[: COUNT_LIMIT + 1])
        if len(found) > COUNT_LIMIT:
            return COUNT_LIMIT, True
        found.sort(key=lambda row: (row[1] is not None, row[1], row[0]), reverse=True)
        self.few = [pk for pk, _ in found]
        return len(found), False

    def newest(self, start, stop) -> list[int]:
        if self.few is not None:
            return self.few[start:stop]
        return list(self.matches.order_by(*NEWEST_FIRST).values_list("page_id", flat=True)[start:stop])

    def page(self, start, stop, sort, window) -> list[int]:
        """The ids at positions start..stop: by relevance among the newest `window` when asked, then newest first.

        Call `count()` first.
        """
        if sort != "relevance" or start >= window:
            return self.newest(start, stop)
        newest_window = self.few[:window] if self.few is not None else self.newest(0, window)
        ranked = (
            StoryDocument.objects.filter(page_id__in=newest_window)
            .annotate(rank=SearchRank(F("document"), self.query, weights=RANK_WEIGHTS))
            .order_by("-rank", *NEWEST_FIRST)
            .values_list("page_id", flat=True)
        )
        ids = list(ranked[start : min(stop, window)])
        if stop > window:
            ids += self.newest(window, stop)
        return ids
