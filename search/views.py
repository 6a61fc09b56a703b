"""Reader search (`/search/`) and headline suggestions for the search box (`/search/suggest/`).

The search page is not cached, as every search is counted for Wagtail's
popular-queries report; suggestions are the same for every reader, so they are.
"""

import math

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from caching.headers import mark_cacheable, tag_stories
from news.models import ArticlePage, SectionPage
from news.models.articles import prefetch_card_renditions, private_page_paths
from news.pagination import page_of, requested_page_number
from search.backends import is_elasticsearch, run_with_fallback
from search.documents import is_kept as documents_are_kept
from search.highlight import excerpt, highlight
from search.params import SORTS, ReaderQuery, SearchParams
from search.promotions import promotions_for, record_hit
from search.reader_search import StorySearch
from search.related import cards_in_order

RESULTS_PER_PAGE = 20
# On the database backends a broad search is ranked by relevance among its newest matches
# only: scoring reads each match's text, on SQLite with a full-text lookup per match.
RELEVANCE_WINDOW = 100
SQLITE_RELEVANCE_WINDOW = 20
# On SQLite a search matching more stories than this is listed newest first, unranked.
SQLITE_RANKED_MATCHES = 2_000
SUGGESTION_COUNT = 8
SUGGEST_MIN_LENGTH = 2
SUGGEST_MAX_LENGTH = 60
READER_SECTIONS_KEY = "search:live-sections"
# Signals clear it at once in a shared cache (Redis); other processes' caches follow within this time.
READER_SECTIONS_SECONDS = 300


def is_sqlite(backend) -> bool:
    return "sqlite" in type(backend).__module__


def relevance_window(backend) -> int:
    return SQLITE_RELEVANCE_WINDOW if is_sqlite(backend) else RELEVANCE_WINDOW


def reader_sections() -> list:
    """The live, public sections a reader can narrow a search to, in site order (the live ones cached)."""
    sections = cache.get_or_set(
        READER_SECTIONS_KEY,
        lambda: list(SectionPage.objects.live().only("id", "title", "slug", "path").order_by("path")),
        READER_SECTIONS_SECONDS,
    )
    return [s for s in sections if not any(s.path.startswith(p) for p in private_page_paths())]


def forget_reader_sections():
    cache.delete(READER_SECTIONS_KEY)


class BackendSearch:
    """StorySearch's shape (search.reader_search) on a Wagtail backend, Elasticsearch or the database off PostgreSQL.

    Its pages are the story cards themselves, read by the search.
    """

    def __init__(self, backend, params: SearchParams):
        self.backend, self.query = backend, params.query.as_search_query()
        # Sorted on search_fields filter fields only (`id` rather than `pk`), as every backend requires.
        cards = ArticlePage.objects.cards().card_fields("body")
        self.stories = params.filter_stories(cards).order_by("-display_date", "-id")

    def found(self, stories, start, stop, ranked=False) -> list:
        return list(self.backend.search(self.query, stories, order_by_relevance=ranked)[start:stop])

    def count(self) -> tuple[int, bool]:
        # Counted without ranking: counting ranked results would score every match too.
        self.matches = self.backend.search(self.query, self.stories, order_by_relevance=False).count()
        return self.matches, False

    def page(self, start, stop, sort, window) -> list:
        """The stories at positions start..stop, ranked as StorySearch.page ranks them."""
        if sort != "relevance" or start >= window:
            return self.found(self.stories, start, stop)
        if self.matches <= window:
            return self.found(self.stories, start, stop, ranked=True)
        newest = self.found(self.stories.select_related(None).only("id"), 0, window)
        in_window = self.stories.filter(pk__in=[story.pk for story in newest])
        stories = self.found(in_window, start, min(stop, window), ranked=True)
        if stop > window:
            stories += self.found(self.stories, window, stop)
        return stories


def find_stories(backend, params: SearchParams, request):
    """The requested page of matching stories (the last page past the end) as story cards.

    On the database backends a broad search by relevance ranks only the
    newest `relevance_window()` matches and says so; on SQLite one matching
    more than SQLITE_RANKED_MATCHES is listed newest first. Elasticsearch
    ranks every match.
    """
    if is_elasticsearch(backend) or not documents_are_kept():
        story_search = BackendSearch(backend, params)
    else:
        story_search = StorySearch(params)
    count, capped = story_search.count()
    window = math.inf if is_elasticsearch(backend) else relevance_window(backend)
    sort = params.sort
    if sort == "relevance" and count > window:
        if is_sqlite(backend) and count > SQLITE_RANKED_MATCHES:
            sort = "newest"
            params.notices.append("So many stories match that the newest come first. Add a word to narrow the search.")
        else:
            params.notices.append(
                f"So many stories match that the best of the newest {window:,} come first, then older ones by date. "
                "Add a word to narrow the search."
            )
    # Paginated as positions; then the page's stories are found, a whole page past a capped count too.
    results_page = page_of(Paginator(range(count), RESULTS_PER_PAGE), request)
    start = results_page.object_list.start
    found = story_search.page(start, start + RESULTS_PER_PAGE, sort, window) if count else []
    results_page.object_list = found if isinstance(story_search, BackendSearch) else cards_in_order(found, "body")
    results_page.count_shown = f"{count:,}+" if capped else f"{count:,}"  # "1,000+ stories"
    return results_page


@require_safe
def search(request):
    """Stories matching the reader's words, narrowed by section and dates, 20 a page."""
    sections = reader_sections()
    params = SearchParams.from_request(request, sections)
    query = params.query
    results_page = None
    promotions = []
    if not query.is_empty:
        results_page = run_with_fallback(lambda backend: find_stories(backend, params, request), "reader search")
        prefetch_card_renditions(results_page)
        for story in results_page:
            story.marked_headline = highlight(story.title, query.words)
            story.marked_excerpt = excerpt(story, query.words)
        if requested_page_number(request) == 1:
            # Later pages of the same search are not new searches.
            record_hit(query.text)
            promotions = promotions_for(query.text)
    response = render(
        request,
        "search/search.html",
        {
            "search_query": query.text,
            "params": params,
            # Something was typed, but nothing searchable was left of it.
            "query_is_empty": bool(request.GET.get("q", "").strip()) and query.is_empty,
            "results_page": results_page,
            "count_shown": getattr(results_page, "count_shown", ""),
            "promotions": promotions,
            "sections": sections,
            "sorts": SORTS,
            "extra_query": params.as_query_string(),
        },
    )
    # The meta tag covers browsers' view of the page; the header covers crawlers that skip the HTML.
    response["X-Robots-Tag"] = "noindex"
    return response


def _suggestions(backend, words: str) -> list[dict]:
    """The newest headlines matching `words`, the last one as a prefix.

    Newest rather than best-scored: a two-letter prefix matches most stories,
    and the database backends would score every one of them.
    """
    stories = (
        ArticlePage.objects.readable()
        .order_by("-display_date", "-id")
        .only("id", "title", "url_path", "path", "depth", "display_date")
    )
    found = backend.autocomplete(words, stories, order_by_relevance=False)[:SUGGESTION_COUNT]
    return [{"id": story.pk, "title": story.title, "url": story.get_url()} for story in found]


@require_safe
def suggest(request):
    """Up to eight headlines, newest first, matching the reader's words, as JSON: `{"query": ..., "suggestions": [...]}`.

    The last word counts as a prefix ("harb" finds "Harbour ..."). Cached,
    tagged with the stories named, so a story taken down leaves them at once.
    """
    query = ReaderQuery.parse(request.GET.get("q", ""), max_length=SUGGEST_MAX_LENGTH)
    words = " ".join(query.words)
    suggestions = []
    if len(words) >= SUGGEST_MIN_LENGTH:
        suggestions = run_with_fallback(lambda backend: _suggestions(backend, words.lower()), "search suggestions")
    tag_stories(request, [suggestion.pop("id") for suggestion in suggestions])
    response = JsonResponse({"query": words, "suggestions": suggestions})
    response["X-Robots-Tag"] = "noindex"
    return mark_cacheable(response)
