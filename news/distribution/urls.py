from django.urls import path

from . import robots, rss, sitemaps

app_name = "distribution"

urlpatterns = [
    path("robots.txt", robots.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news-sitemap"),
    path("feeds/", rss.LatestStoriesFeed(), name="feed"),
    path("feeds/sections/<slug:section_slug>/", rss.SectionFeed(), name="section-feed"),
    path("feeds/authors/<slug:author_slug>/", rss.AuthorFeed(), name="author-feed"),
    path("feeds/topics/<str:topic_slug>/", rss.TopicFeed(), name="topic-feed"),
]
