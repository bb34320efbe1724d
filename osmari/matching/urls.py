from django.urls import path

from osmari.matching import views

app_name = "matching"

urlpatterns = [
    path("clients/<int:client_pk>/", views.client_suggestions, name="client_suggestions"),
    path("positions/<int:position_pk>/", views.position_candidates, name="position_candidates"),
    path("assignment/", views.assignment, name="assignment"),
    path("assignment/new/", views.assignment_request, name="assignment_request"),
]
