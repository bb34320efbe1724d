from django.urls import path

from osmari.participants import coach_views

app_name = "participant_access"

urlpatterns = [
    path("clients/<int:pk>/link/", coach_views.link_send, name="link_send"),
    path("clients/<int:pk>/revoke/", coach_views.links_revoke, name="links_revoke"),
]
