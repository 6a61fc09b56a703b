"""The site's URLs plus one view that says shared caches may keep it and sets a cookie for each reader.

No Masthead view does both today (caching.headers marks pages that set a
cookie private); this one stands for a view that writes its own
Cache-Control, which the middleware leaves alone, so that the VCL's own
refusal can be seen.
"""

from itertools import count

from django.http import HttpResponse
from django.urls import path

from website.urls import urlpatterns as site_urlpatterns

visitors = count(1)


def public_page_with_a_cookie(request):
    visitor = next(visitors)
    response = HttpResponse(f"<p>Welcome, visitor {visitor}.</p>")
    response["Cache-Control"] = "public, max-age=60, s-maxage=300"
    response.set_cookie("visitor", str(visitor))
    return response


urlpatterns = [path("welcome/", public_page_with_a_cookie), *site_urlpatterns]
