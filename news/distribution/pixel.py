"""The 1×1 image in republished copies of our stories: one cheap write per view, nothing rendered."""

import base64
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.http import require_safe
from wagtail.models import Site

from news.models.republications import record_republication

# The smallest transparent GIF (43 bytes).
TRANSPARENT_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
# Page ids are 32-bit integers; a larger number in the address is no story of ours.
MAX_PAGE_ID = 2**31 - 1


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def referring_site(request) -> str:
    """The host name of the page that showed the image; "" when the browser sent none or junk."""
    return _host(request.headers.get("Referer", ""))[:253]


def our_hosts(request) -> set[str]:
    """Every host name of ours: the sites Wagtail serves, the admin's address and the one asked for.

    Wagtail keeps the sites' root URLs in the cache, so this usually costs no query.
    """
    hosts = {_host(root.root_url) for root in Site.get_site_root_paths()}
    hosts.add(_host(settings.WAGTAILADMIN_BASE_URL or ""))
    hosts.add(request.get_host().split(":")[0].lower())
    hosts.discard("")
    return hosts


@require_safe
def republication_pixel(request, article_id):
    """Count a view of a republished copy of the story, per referring site; always answer the image.

    Views from our own pages (an editor previewing the HTML, the admin) are
    not counted. A copy on a site that sends no referrer is counted under an
    unknown site rather than lost. The answer is never cached, so every view
    reaches us.
    """
    site = referring_site(request)
    if article_id <= MAX_PAGE_ID and site not in our_hosts(request):
        record_republication(article_id, site)
    response = HttpResponse(TRANSPARENT_GIF, content_type="image/gif")
    response["Cache-Control"] = "no-store, max-age=0"
    return response
