"""Reader search (`/search/`) and headline suggestions for the search box (`/search/suggest/`).

The search page is not kept in the page cache: every search is counted for
Wagtail's popular-queries report (Settings > Promoted search results), which
a cached answer would skip. Suggestions are small and the same for every
reader, so they are cached (here and by CDNs).
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from news.models import ArticlePage, SectionPage
from news.models.articles import prefetch_card_renditions, private_page_paths
from news.pagination import page_of, requested_page_number
from search.backends import is_elasticsearch, run_with_fallback
from search.highlight import excerpt, highlight
from search.params import SORTS, ReaderQuery, SearchParams
from search.promotions import promotions_for, record_hit
from website.page_cache import mark_cacheable

RESULTS_PER_PAGE = 20
# Beyond this many matches the database backends list the newest first (see find_stories).
# SQLite scores each match with its own full-text lookup (about 15 ms a match at 10,000
# stories), PostgreSQL all of them in one pass.
RELEVANCE_LIMIT = 1000
SQLITE_RELEVANCE_LIMIT = 100


def relevance_limit(backend) -> int:
    return SQLITE_RELEVANCE_LIMIT if "sqlite" in type(backend).__module__ else RELEVANCE_LIMIT


SUGGESTION_COUNT = 8
SUGGEST_MIN_LENGTH = 2
SUGGEST_MAX_LENGTH = 60
SUGGEST_CACHE_SECONDS = 300


def reader_sections() -> list:
    """The live, public sections a reader can narrow a search to, in site order (one query)."""
    sections = SectionPage.objects.live().only("id", "title", "slug", "path").order_by("path")
    return [s for s in sections if not any(s.path.startswith(p) for p in private_page_paths())]


def find_stories(backend, params: SearchParams, request):
    """One page of matching stories and the count of all of them, read in full (Elasticsearch is lazy).

    The database backends rank by relevance by scoring every match (on
    SQLite with a subquery per match: minutes for 10,000 matches), so past
    `relevance_limit()` matches they list the newest first, and say so.
    """
    # Sorted on search_fields filter fields only (`id` rather than `pk`), as every backend requires.
    stories = params.filter_stories(ArticlePage.objects.cards()).order_by("-display_date", "-id")
    query = params.query.as_search_query()
    # Counted without ranking: counting ranked results would score every match too.
    newest_first = backend.search(query, stories, order_by_relevance=False)
    count = newest_first.count()
    results = newest_first
    if params.sort == "relevance":
        limit = relevance_limit(backend)
        if is_elasticsearch(backend) or count <= limit:
            results = backend.search(query, stories, order_by_relevance=True)
        else:
            params.notices.append(
                f"More than {limit:,} stories match, so the newest are shown first. Add a word to narrow the search."
            )
    paginator = Paginator(results, RESULTS_PER_PAGE)
    paginator.count = count  # the same matches whatever the order
    results_page = page_of(paginator, request)
    results_page.object_list = list(results_page.object_list)
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
    return [{"title": story.title, "url": story.get_url()} for story in found]


@require_safe
def suggest(request):
    """Up to eight headlines, newest first, matching the reader's words, as JSON: `{"query": ..., "suggestions": [...]}`.

    The last word counts as a prefix ("harb" finds "Harbour ..."). Answers
    are cached by their words for a few minutes, so a new story can take
    that long to be suggested.
    """
    query = ReaderQuery.parse(request.GET.get("q", ""), max_length=SUGGEST_MAX_LENGTH)
    words = " ".join(query.words)
    suggestions = []
    if len(words) >= SUGGEST_MIN_LENGTH:
        key = "search:suggest:" + hashlib.sha256(words.lower().encode()).hexdigest()[:32]
        suggestions = cache.get(key)
        if suggestions is None:
            suggestions = run_with_fallback(lambda backend: _suggestions(backend, words.lower()), "search suggestions")
            cache.set(key, suggestions, SUGGEST_CACHE_SECONDS)
    response = JsonResponse({"query": words, "suggestions": suggestions})
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, public=True, max_age=SUGGEST_CACHE_SECONDS)
    return mark_cacheable(response)
