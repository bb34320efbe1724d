from django.urls import path

from osmari.agreements import template_views, views

app_name = "agreements"

urlpatterns = [
    path("new/<int:organisation_pk>/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/status/", views.agreement_transition, name="transition"),
    path("<int:pk>/signatures/", views.signature_add, name="signature_add"),
    path("<int:pk>/positions/", views.agreement_positions, name="positions"),
    path("<int:pk>/amend/", views.agreement_amend, name="amend"),
    path("<int:pk>/meetings/", views.meeting_add, name="meeting_add"),
    path(
        "<int:pk>/signatures/<int:signature_pk>/scan/",
        views.signature_scan,
        name="signature_scan",
    ),
    path("<int:pk>/v<int:number>.pdf", views.agreement_pdf, name="pdf"),
    path("templates/", template_views.template_list, name="templates"),
    path("templates/compare/", template_views.template_compare, name="template_compare"),
    path("templates/<int:pk>/", template_views.template_detail, name="template_detail"),
    path("templates/<int:pk>/draft/", template_views.template_draft, name="template_draft"),
    path(
        "templates/<int:pk>/sections/new/",
        template_views.template_section,
        name="template_section_add",
    ),
    path(
        "templates/<int:pk>/sections/<slug:key>/",
        template_views.template_section,
        name="template_section",
    ),
    path(
        "templates/<int:pk>/sections/<slug:key>/remove/",
        template_views.template_section_remove,
        name="template_section_remove",
    ),
    path("templates/<int:pk>/change/", template_views.template_change, name="template_change"),
    path("templates/<int:pk>/pilot/", template_views.template_pilot, name="template_pilot"),
    path("templates/<int:pk>/publish/", template_views.template_publish, name="template_publish"),
    path("templates/<int:pk>/discard/", template_views.template_discard, name="template_discard"),
]
