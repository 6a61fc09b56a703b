from django.urls import path

from reader_comments import views

app_name = "reader_comments"

urlpatterns = [
    path("<int:article_id>/", views.post_comment, name="post"),
]
