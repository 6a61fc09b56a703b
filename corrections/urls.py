from django.urls import path

from corrections import views

urlpatterns = [path("", views.corrections_list, name="corrections")]
