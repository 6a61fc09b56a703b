from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from news.models import ArticlePage
from news.models.articles import prefetch_card_renditions
from news.pagination import page_of

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200


def search(request):
    """Reader search over live stories."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results_page = None
    if query:
        results = ArticlePage.objects.cards().search(query)
        results_page = page_of(Paginator(results, RESULTS_PER_PAGE), request)
        prefetch_card_renditions(results_page)
    response = render(
        request,
        "search/search.html",
        {"search_query": query, "results_page": results_page, "extra_query": urlencode({"q": query})},
    )
    response["X-Robots-Tag"] = "noindex"
    return response
