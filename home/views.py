"""Site-wide answers that are no page of the tree: the branded "page not found" and the favicon's old address."""

from django.conf import settings
from django.http import HttpResponseNotFound, HttpResponsePermanentRedirect
from django.template import loader
from django.templatetags.static import static

from news.models import ArticlePage

LATEST_ON_NOT_FOUND = 5


def page_not_found(request, exception=None):
    """A 404 that offers a way on: the search box (in the header), the sections (header and footer) and the latest stories.

    Django's own handler404 in production; in development too
    (`BrandedNotFoundMiddleware`), unless `DEBUG_404=1` asks for Django's
    debug page. The latest stories are read with only what a card shows,
    in one query.
    """
    latest = ArticlePage.objects.cards().card_fields()[:LATEST_ON_NOT_FOUND]
    context = {"latest_stories": latest, "meta_description": "We can't find that page."}
    response = HttpResponseNotFound(loader.render_to_string("404.html", context, request))
    response.masthead_branded = True
    return response


def favicon(request):
    """Browsers, feed readers and crawlers ask for /favicon.ico whatever the page says: send them to the static file."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))


class BrandedNotFoundMiddleware:
    """In development (DEBUG), show the site's own "page not found" instead of Django's debug page.

    With DEBUG on, Django answers a 404 with its technical page, so the page
    readers get is never seen while building the site. This replaces any
    HTML 404 with the branded page unless `DEBUG_404=1` is set (to see which
    URL patterns were tried). Production (DEBUG off) uses handler404 and does
    not load this.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and settings.DEBUG
            and not settings.DEBUG_404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "masthead_branded", False)
        ):
            response = page_not_found(request)
        return response
