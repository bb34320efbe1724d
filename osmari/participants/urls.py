from django.urls import path

from osmari.participants import feedback_views, ftn_views, language_views, views

app_name = "participants"

urlpatterns: list = [
    path("", views.start, name="start"),
    path("link/<str:token>/", views.link, name="link"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("language/", language_views.language, name="language"),
    path("consents/", views.consents, name="consents"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("consents/give/", views.consent_give, name="consent_give"),
    path("steps/<int:pk>/done/", views.step_done, name="step_done"),
    path("esf/", views.esf_forms, name="esf_forms"),
    path("decisions/", views.decisions, name="decisions"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/osmari.<str:fmt>", views.my_data_download, name="my_data_download"),
    path("write/", views.write, name="write"),
    path("feedback/<int:pk>/", feedback_views.feedback_answer, name="feedback_answer"),
    path("strong/", ftn_views.ftn_start, name="ftn_start"),
    path("strong/done/", ftn_views.ftn_callback, name="ftn_callback"),
    path("strong/jwks/", ftn_views.ftn_jwks, name="ftn_jwks"),
]
