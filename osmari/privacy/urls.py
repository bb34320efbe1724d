from django.urls import path

from osmari.privacy import views

app_name = "privacy"

urlpatterns = [
    path("notice/", views.notice_index, name="notice_index"),
    path("notice/<slug:code>/", views.notice, name="notice"),
    path("clients/<int:pk>/data.<str:fmt>", views.person_export_download, name="person_export"),
]
