from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("authors/<slug:slug>/", views.author_detail, name="author"),
]
