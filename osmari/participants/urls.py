from django.urls import path

from osmari.participants import ftn_views, views

app_name = "participants"

urlpatterns: list = [
    path("", views.start, name="start"),
    path("link/<str:token>/", views.link, name="link"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("consents/", views.consents, name="consents"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("strong/", ftn_views.ftn_start, name="ftn_start"),
    path("strong/done/", ftn_views.ftn_callback, name="ftn_callback"),
    path("strong/jwks/", ftn_views.ftn_jwks, name="ftn_jwks"),
]
