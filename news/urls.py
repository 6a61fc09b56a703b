from django.urls import path

from news import topics, views
from news.distribution.pixel import republication_pixel

app_name = "news"

urlpatterns = [
    path("authors/<slug:slug>/", views.author_detail, name="author"),
    path("topics/<str:slug>/", topics.topic_detail, name="topic"),
    path("republished/<int:article_id>/pixel.gif", republication_pixel, name="republication_pixel"),
]
