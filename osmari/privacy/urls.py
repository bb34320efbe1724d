from django.urls import path

from osmari.privacy import retention_views, views

app_name = "privacy"

urlpatterns = [
    path("notice/", views.notice_index, name="notice_index"),
    path("notice/<slug:code>/", views.notice, name="notice"),
    path("clients/<int:pk>/data.<str:fmt>", views.person_export_download, name="person_export"),
    path("retention/", retention_views.destruction_lists, name="destruction_lists"),
    path(
        "retention/approve/",
        retention_views.destruction_list_approve,
        name="destruction_approve",
    ),
]
