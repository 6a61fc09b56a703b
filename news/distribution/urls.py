from django.urls import path

from . import feeds, robots, sitemaps

app_name = "distribution"

urlpatterns = [
    path("robots.txt", robots.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news-sitemap"),
    path("feeds/", feeds.LatestStoriesFeed(), name="feed"),
    path("feeds/sections/<slug:section_slug>/", feeds.SectionFeed(), name="section-feed"),
    path("feeds/authors/<slug:author_slug>/", feeds.AuthorFeed(), name="author-feed"),
    path("feeds/topics/<str:topic_slug>/", feeds.TopicFeed(), name="topic-feed"),
]
