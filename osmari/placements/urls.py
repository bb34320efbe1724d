from django.urls import path

from osmari.placements import views

app_name = "placements"

urlpatterns = [
    path("", views.placement_list, name="list"),
    path("new/<int:client_pk>/", views.placement_create, name="create"),
    path("<int:pk>/", views.placement_detail, name="detail"),
    path("<int:pk>/status/", views.placement_transition, name="transition"),
    path("<int:pk>/extend/", views.placement_extend, name="extend"),
    path("<int:pk>/outcome/", views.placement_outcome, name="outcome"),
    path("<int:pk>/reference/", views.placement_reference, name="reference"),
    path("<int:pk>/reviews/new/", views.review_add, name="review_add"),
]
