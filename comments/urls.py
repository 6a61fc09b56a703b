from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("<int:article_id>/", views.post_comment, name="post"),
]
