from django.urls import path

from osmari.core import views

app_name = "core"

urlpatterns = [
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("health/", views.health, name="health"),
    path("reference/occupations/", views.occupation_options, name="occupation_options"),
    path("reference/skills/", views.skill_options, name="skill_options"),
]
