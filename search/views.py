"""Reader search (`/search/`) and headline suggestions for the search box (`/search/suggest/`).

The search page is not kept in the page cache: every search is counted for
Wagtail's popular-queries report (Settings > Promoted search results), which
a cached answer would skip. Suggestions are small and the same for every
reader, so they are cached (here and by CDNs).
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
# On the database backends a broad search is ranked by relevance among its newest
# matches only (see RankedWindow and search.reader_search): scoring reads each match's
# text, and on SQLite costs a full-text lookup per match, hence its smaller window.
RELEVANCE_WINDOW = 100
SQLITE_RELEVANCE_WINDOW = 20
# On SQLite scoring one story reads the index entries of every match, so a search
# matching more stories than this is listed newest first, unranked, and says so.
SQLITE_RANKED_MATCHES = 2_000


def is_sqlite(backend) -> bool:
    return "sqlite" in type(backend).__module__


def relevance_window(backend) -> int:
    return SQLITE_RELEVANCE_WINDOW if is_sqlite(backend) else RELEVANCE_WINDOW


SUGGESTION_COUNT = 8
SUGGEST_MIN_LENGTH = 2
SUGGEST_MAX_LENGTH = 60


READER_SECTIONS_KEY = "search:live-sections"
# Signals clear it at once in a shared cache (Redis); with a cache per process, other
# processes follow within this time.
READER_SECTIONS_SECONDS = 300


def reader_sections() -> list:
    """The live, public sections a reader can narrow a search to, in site order.

    The live sections are cached until a section is published, unpublished,
    moved or deleted (search.signals clears them); restricted ones are left
    out on each call, from the cached list of restricted paths.
    """
    sections = cache.get(READER_SECTIONS_KEY)
    if sections is None:
        sections = list(SectionPage.objects.live().only("id", "title", "slug", "path").order_by("path"))
        cache.set(READER_SECTIONS_KEY, sections, READER_SECTIONS_SECONDS)
    return [s for s in sections if not any(s.path.startswith(p) for p in private_page_paths())]


def forget_reader_sections():
    cache.delete(READER_SECTIONS_KEY)


class RankedWindow:
    """A broad search's results for the paginator: the newest `window` matches by relevance, then the rest newest first.

    Ranking every match by relevance would score each of them (thousands
    for a common word); here only the newest `window` are scored, which
    costs the same however many match. A news reader asking for a common
    word wants the best of the recent stories first; older matches follow
    by date on later pages. `newest_first` is every match, newest first:
    its first `window` entries are the ranked ones, so nothing is listed
    twice or skipped.
    """

    def __init__(self, backend, query, stories, newest_first, count, window):
        self.backend, self.query, self.stories = backend, query, stories
        self.newest_first, self.count, self.window = newest_first, count, window

    def __len__(self):
        return self.count

    def __getitem__(self, item):
        start, stop = item.start or 0, min(item.stop, self.count)
        if start >= self.window:
            return self.newest_first[start:stop]
        # The window's ids in one query, then those stories ranked in another.
        newest_ids = self.backend.search(
            self.query, self.stories.select_related(None).only("id"), order_by_relevance=False
        )[: self.window]
        in_window = self.stories.filter(pk__in=[story.pk for story in newest_ids])
        ranked = self.backend.search(self.query, in_window, order_by_relevance=True)
        ranked = list(ranked[start : min(stop, self.window)])
        if stop > self.window:
            ranked += list(self.newest_first[self.window : stop])
        return ranked


class FetchedPage:
    """One page of results already read, posing as the whole list for Django's paginator."""

    def __init__(self, cards, count):
        self.cards, self.count = cards, count

    def __len__(self):
        return self.count

    def __getitem__(self, item):
        return self.cards


def broad_search_notice(window) -> str:
    return (
        f"So many stories match that the best of the newest {window:,} come first, then older ones by date. "
        "Add a word to narrow the search."
    )


def newest_first_notice() -> str:
    return "So many stories match that the newest come first. Add a word to narrow the search."


def find_stories_on_postgres(backend, params: SearchParams, request):
    """find_stories on PostgreSQL: a bounded count, a page of ids and their cards (search.reader_search).

    A page number past the end shows the last page.
    """
    story_search = StorySearch(params)
    window = relevance_window(backend)
    count, more = story_search.count()
    pages = max(math.ceil(count / RESULTS_PER_PAGE), 1)
    number = min(requested_page_number(request), pages)
    start = (number - 1) * RESULTS_PER_PAGE
    ids = story_search.page(start, start + RESULTS_PER_PAGE, params.sort, window) if count else []
    if params.sort == "relevance" and count > window:
        params.notices.append(broad_search_notice(window))
    paginator = Paginator(FetchedPage(cards_in_order(ids, "body"), count), RESULTS_PER_PAGE)
    results_page = paginator.page(number)
    results_page.object_list = list(results_page.object_list)
    results_page.count_is_capped = more  # shown as "1,000+ stories"
    return results_page


def find_stories(backend, params: SearchParams, request):
    """One page of matching stories and the count of all of them, read in full (Elasticsearch is lazy).

    Past `relevance_window()` matches the database backends rank only the
    newest of them (RankedWindow), and the page says so; past
    SQLITE_RANKED_MATCHES on SQLite, none.
    """
    if not is_elasticsearch(backend) and documents_are_kept():
        return find_stories_on_postgres(backend, params, request)
    # Sorted on search_fields filter fields only (`id` rather than `pk`), as every backend requires.
    stories = params.filter_stories(ArticlePage.objects.cards().card_fields("body")).order_by("-display_date", "-id")
    query = params.query.as_search_query()
    # Counted without ranking: counting ranked results would score every match too.
    newest_first = backend.search(query, stories, order_by_relevance=False)
    count = newest_first.count()
    results = newest_first if count else []
    if params.sort == "relevance" and count:
        window = relevance_window(backend)
        if is_elasticsearch(backend) or count <= window:
            results = backend.search(query, stories, order_by_relevance=True)
        elif is_sqlite(backend) and count > SQLITE_RANKED_MATCHES:
            params.notices.append(newest_first_notice())
        else:
            results = RankedWindow(backend, query, stories, newest_first, count, window)
            params.notices.append(broad_search_notice(window))
    paginator = Paginator(results, RESULTS_PER_PAGE)
    paginator.count = count  # the same matches whatever the order
    results_page = page_of(paginator, request)
    results_page.object_list = list(results_page.object_list)
    return results_page


def shown_count(results_page) -> str:
    """The number of results as the page writes it: "1,234", or "1,000+" when the count stopped there."""
    if results_page is None:
        return ""
    count = results_page.paginator.count
    return f"{count:,}+" if getattr(results_page, "count_is_capped", False) else f"{count:,}"


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
            "count_shown": shown_count(results_page),
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
    and the database backends would score every one of them (on SQLite with a
    lookup per story, minutes at 10,000 stories).
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

    The last word counts as a prefix ("harb" finds "Harbour ..."). The HTTP
    cache in front keeps answers for a few minutes, tagged with the stories
    they name, so a story taken down leaves every answer naming it at once.
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
