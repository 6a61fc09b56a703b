from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as site_views
from search import views as search_views

handler404 = site_views.page_not_found

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("favicon.ico", site_views.favicon, name="favicon"),
    path("search/", search_views.search, name="search"),
    path("comments/", include("reader_comments.urls")),
    path("corrections/", include("corrections.urls")),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("", include("news.urls")),
    path("", include("news.distribution.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A failure on our side: 503 while the database is unreachable, else 500 (serving/errors.py).
handler500 = "serving.errors.server_error"

urlpatterns += [
    # Everything else is a Wagtail page; this must come last.
    path("", include(wagtail_urls)),
]
