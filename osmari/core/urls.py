from django.urls import path

from osmari.core import views

app_name = "core"

urlpatterns = [
    path("about/", views.about, name="about"),
    path("health/", views.health, name="health"),
]
