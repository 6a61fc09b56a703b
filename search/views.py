"""Reader search (`/search/`), not cached as every search is counted, and headline suggestions (`/search/suggest/`)."""

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
from search.documents import is_kept as documents_are_kept
from search.fallback import is_elasticsearch, run_with_fallback
from search.highlight import excerpt, highlight
from search.params import SORTS, ReaderQuery, SearchParams
from search.promotions import promotions_for, record_hit
from search.reader_search import BackendSearch, StorySearch
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


def relevance_window(backend):
    """How many of a search's newest matches are ranked by relevance: all of them on Elasticsearch."""
    if is_elasticsearch(backend):
        return math.inf
    return SQLITE_RELEVANCE_WINDOW if is_sqlite(backend) else RELEVANCE_WINDOW


def is_sqlite(backend) -> bool:
    return "sqlite" in type(backend).__module__


def reader_sections() -> list:
    """The live, public sections a reader can narrow a search to, in site order (the live ones cached)."""
    sections = cache.get_or_set(
        READER_SECTIONS_KEY,
        lambda: list(SectionPage.objects.live().only("id", "title", "slug", "path").order_by("path")),
        READER_SECTIONS_SECONDS,
    )
    return [s for s in sections if not any(s.path.startswith(p) for p in private_page_paths())]


def find_stories(backend, params: SearchParams, request):
    """The requested page of matching story cards (the last page past the end), with `count_shown`.

    On SQLite a search matching more than SQLITE_RANKED_MATCHES is listed newest first.
    """
    use_documents = documents_are_kept() and not is_elasticsearch(backend)
    story_search = StorySearch(params) if use_documents else BackendSearch(backend, params)
    count, capped = story_search.count()
    window, sort = relevance_window(backend), params.sort
    if sort == "relevance" and count > window:
        if is_sqlite(backend) and count > SQLITE_RANKED_MATCHES:
            sort, first = "newest", "the newest come first"
        else:
            first = f"the best of the newest {window:,} come first, then older ones by date"
        params.notices.append(f"So many stories match that {first}. Add a word to narrow the search.")
    # Paginated as positions, then the page's stories are found: a whole page past a capped count too.
    results_page = page_of(Paginator(range(count), RESULTS_PER_PAGE), request)
    start = results_page.object_list.start
    found = story_search.page(start, start + RESULTS_PER_PAGE, sort, window) if count else []
    results_page.object_list = cards_in_order(found, "body") if use_documents else found
    results_page.count_shown = f"{count:,}+" if capped else f"{count:,}"  # "1,000+ stories"
    return results_page


@require_safe
def search(request):
    """Stories matching the reader's words, narrowed by section and dates, 20 a page."""
    sections = reader_sections()
    params = SearchParams(request.GET, sections)
    query, results_page, promotions = params.query, None, []
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


@require_safe
def suggest(request):
    """Up to eight headlines, newest first, the last word a prefix, as JSON: `{"query": ..., "suggestions": [...]}`.

    Newest rather than best-scored: a two-letter prefix matches most stories, which the database backends would all
    score. Cached, tagged with the stories named, so a story taken down leaves them at once.
    """
    words = " ".join(ReaderQuery.parse(request.GET.get("q", ""), max_length=SUGGEST_MAX_LENGTH).words)
    stories = (
        ArticlePage.objects.readable()
        .order_by("-display_date", "-id")
        .only("id", "title", "url_path", "path", "depth", "display_date")
    )
    found = []
    if len(words) >= SUGGEST_MIN_LENGTH:
        found = run_with_fallback(
            lambda backend: list(
                backend.autocomplete(words.lower(), stories, order_by_relevance=False)[:SUGGESTION_COUNT]
            ),
            "search suggestions",
        )
    tag_stories(request, [story.pk for story in found])
    response = JsonResponse({"query": words, "suggestions": [{"title": s.title, "url": s.get_url()} for s in found]})
    response["X-Robots-Tag"] = "noindex"
    return mark_cacheable(response)
