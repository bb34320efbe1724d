from django.urls import path

from osmari.privacy import views

app_name = "privacy"

urlpatterns = [
    path("clients/<int:pk>/data.<str:fmt>", views.person_export_download, name="person_export"),
]
