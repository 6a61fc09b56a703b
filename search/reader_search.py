"""Reader search on the stories' documents (PostgreSQL) or a Wagtail backend, paged the same way: by relevance
only the newest `window` matches are ranked (ranking reads each match's text), older ones follow newest first."""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F

from news.models import ArticlePage
from news.models.articles import private_page_paths
from search.documents import RANK_WEIGHTS
from search.models import StoryDocument

COUNT_LIMIT = 1000
# As the documents' date index runs (a live story always has a display date).
NEWEST_FIRST = ("-display_date", "-page_id")


class WindowedSearch:
    """Pages of a search ranked among its newest `window` matches, once counted."""

    def page(self, start, stop, sort, window) -> list:
        if sort != "relevance" or start >= window:
            return self.newest(start, stop)
        found = self.ranked(start, min(stop, window), window)
        if stop > window:
            found += self.newest(window, stop)
        return found


class StorySearch(WindowedSearch):
    """The ids of the live, public stories matching a reader's SearchParams on PostgreSQL.

    Up to COUNT_LIMIT matches are read at once and ordered here; past it the
    count is capped and the newest are found by reading down the date index.
    """

    def __init__(self, params):
        websearch = " ".join([*params.query.terms, *(f'"{phrase}"' for phrase in params.query.phrases)])
        self.query = SearchQuery(websearch, search_type="websearch", config=settings.SEARCH_TEXT_CONFIG)
        self.matches = StoryDocument.objects.filter(document=self.query, **params.date_lookups())
        readable = ArticlePage.objects.readable()
        if params.section is not None:
            readable = readable.filter(section_id=params.section.pk)
        if params.section is not None or private_page_paths():
            self.matches = self.matches.filter(page__in=readable.values("pk"))
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

    def ranked(self, start, stop, window) -> list[int]:
        ranked = (
            StoryDocument.objects.filter(page_id__in=self.newest(0, window))
            .annotate(rank=SearchRank(F("document"), self.query, weights=RANK_WEIGHTS))
            .order_by("-rank", *NEWEST_FIRST)
            .values_list("page_id", flat=True)
        )
        return list(ranked[start:stop])


class BackendSearch(WindowedSearch):
    """The matching story cards from a Wagtail backend: Elasticsearch, or the database off PostgreSQL."""

    def __init__(self, backend, params):
        self.backend, self.query = backend, params.query.as_search_query()
        # Sorted on search_fields filter fields only (`id` rather than `pk`), as every backend requires.
        cards = ArticlePage.objects.cards().card_fields("body")
        self.stories = params.filter_stories(cards).order_by("-display_date", "-id")

    def found(self, stories, start, stop, ranked=False) -> list:
        return list(self.backend.search(self.query, stories, order_by_relevance=ranked)[start:stop])

    def count(self) -> tuple[int, bool]:
        # Counted without ranking: counting ranked results would score every match too.
        self.total = self.backend.search(self.query, self.stories, order_by_relevance=False).count()
        return self.total, False

    def newest(self, start, stop) -> list:
        return self.found(self.stories, start, stop)

    def ranked(self, start, stop, window) -> list:
        if self.total <= window:
            return self.found(self.stories, start, stop, ranked=True)
        newest = self.found(self.stories.select_related(None).only("id"), 0, window)
        return self.found(self.stories.filter(pk__in=[story.pk for story in newest]), start, stop, ranked=True)
