from django.urls import path

from osmari.agreements import views

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
]
