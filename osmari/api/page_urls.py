"""The pages where tokens are issued and revoked (staff pages, apart from /api/)."""

from django.urls import path

from osmari.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("new/", views.token_issue, name="issue"),
    # The confirmation is its own page, so that a token is never revoked by one stray click.
    path("<int:pk>/revoke/", views.token_revoke_confirm, name="revoke_confirm"),
    path("<int:pk>/revoke/confirmed/", views.token_revoke, name="revoke"),
]
