from django.urls import path

from osmari.extracts import follow_up_views, views

app_name = "extracts"

urlpatterns = [
    path("", views.extract_import, name="import"),
    path("mapping/", views.mapping_edit, name="mapping"),
    path("reconcile/", views.reconcile_list, name="reconcile"),
    path("reconcile/<int:pk>/accept/", views.difference_accept, name="accept"),
    path("reconcile/<int:pk>/note/", views.difference_note, name="note"),
    path("follow-up/<int:pk>/take/", follow_up_views.follow_up_take, name="follow_up_take"),
]
