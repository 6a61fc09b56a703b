"""Turning a reader's `?page=` into a page of results, whatever they typed."""

from django.core.paginator import Page, Paginator

MAX_PAGE_PARAM_LENGTH = 9


def requested_page_number(request, param="page") -> int:
    """The page number asked for, or 1 when the value is missing, junk, zero or negative."""
    raw = request.GET.get(param, "")[:MAX_PAGE_PARAM_LENGTH]
    try:
        number = int(raw)
    except ValueError:
        return 1
    return max(number, 1)


def page_of(paginator: Paginator, request, param="page") -> Page:
    """The requested page; junk gives the first page and a number past the end gives the last.

    Readers following an old link to page 40 of a section that now has 30
    pages see the last page rather than an error.
    """
    number = requested_page_number(request, param)
    return paginator.get_page(min(number, paginator.num_pages))
