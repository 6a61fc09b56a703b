"""Which address search engines should treat as the story's own, and what they may do with our copies.

Every page names its canonical address. For a partner's story we carry, the
partner chooses (SyndicationPartner.search_engine_policy):

- Googlebot-News noindex (Google's recommendation for syndicated copies): our
  copy stays in web search under our own canonical, but Google News leaves it
  out, so the partner's original is the one listed there;
- rel=canonical: our page names the partner's original as canonical, and
  search engines credit the original instead of our copy;
- none: our copy is treated like our own reporting.

The news sitemap follows the same policy (see `sitemaps.news_sitemap_stories`).
"""

from django.db.models import Q

from news.models import ArticlePage, Origin, SearchEnginePolicy

from .links import absolute_url


def search_engine_policy(page) -> str:
    """The policy that governs `page`: its partner's for a syndicated story, else none."""
    if isinstance(page, ArticlePage) and page.is_syndicated and page.partner_id:
        return page.partner.search_engine_policy
    return SearchEnginePolicy.NONE


def kept_out_of_google_news(page) -> bool:
    """True when Google News must not list our copy (the Googlebot-News noindex policy)."""
    return search_engine_policy(page) == SearchEnginePolicy.NOINDEX_GOOGLEBOT_NEWS


def points_to_original(page) -> bool:
    """True when our copy names the partner's original as canonical (and one is recorded)."""
    return search_engine_policy(page) == SearchEnginePolicy.CANONICAL_TO_ORIGINAL and bool(page.original_url)


def not_our_canonical_news():
    """Filter matching stories whose partner keeps our copy out of Google News or credits the original."""
    return Q(origin=Origin.SYNDICATED) & (
        Q(partner__search_engine_policy=SearchEnginePolicy.NOINDEX_GOOGLEBOT_NEWS)
        | (Q(partner__search_engine_policy=SearchEnginePolicy.CANONICAL_TO_ORIGINAL) & ~Q(original_url=""))
    )


def own_url(request, page=None) -> str:
    """The absolute address of `page` on our site, or of the requested path when there is no page."""
    if page is not None:
        url = page.get_full_url(request)
        if url:
            return url
    return absolute_url(request, request.path)


def canonical_url(request, page=None, listing_page=None) -> str:
    """The address search engines should index for what this request shows.

    A syndicated story whose partner asks for it points at the original. A
    listing past its first page keeps the number of the page shown, so page 2
    is not folded into page 1 (which would hide older stories from crawlers);
    junk page numbers, which show page 1, get page 1's address.
    """
    if page is not None and points_to_original(page):
        return page.original_url
    url = own_url(request, page)
    if listing_page is not None and listing_page.number > 1:
        url += f"?page={listing_page.number}"
    return url
