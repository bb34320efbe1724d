from django.urls import path

from osmari.reciprocity import views

app_name = "reciprocity"

urlpatterns = [
    path("reciprocity/catalogue/", views.catalogue, name="catalogue"),
    path("reciprocity/catalogue/standard/", views.catalogue_standard, name="catalogue_standard"),
    path("reciprocity/catalogue/new/", views.benefit_edit, name="benefit_create"),
    path("reciprocity/catalogue/<int:pk>/", views.benefit_edit, name="benefit_edit"),
    path("reciprocity/events/", views.events, name="events"),
    path("reciprocity/events/new/", views.event_create, name="event_create"),
    path("reciprocity/events/<int:pk>/", views.event_detail, name="event"),
    path("reciprocity/events/<int:pk>/register/", views.event_register, name="event_register"),
    path("reciprocity/events/<int:pk>/attendance/", views.event_attendance, name="attendance"),
    path(
        "reciprocity/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("reciprocity/organisations/<int:pk>/", views.profile, name="profile"),
    path("reciprocity/organisations/<int:pk>/deliveries/", views.delivery_add, name="delivery_add"),
    path("reciprocity/organisations/<int:pk>/publish/", views.profile_publish, name="publish"),
    path("reciprocity/organisations/<int:pk>/withdraw/", views.profile_withdraw, name="withdraw"),
    path(
        "reciprocity/organisations/<int:pk>/certificate/",
        views.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "reciprocity/organisations/<int:pk>/summary-<int:year>.pdf",
        views.partner_summary_pdf,
        name="summary_pdf",
    ),
    path("reciprocity/certificates/<str:code>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path(
        "reciprocity/agreements/<int:pk>/benefits/", views.agreed_benefits, name="agreed_benefits"
    ),
    path("reciprocity/subsidies/", views.subsidies, name="subsidies"),
    path("reciprocity/subsidies/new/", views.scheme_create, name="scheme_create"),
    path("reciprocity/subsidies/<int:pk>/", views.scheme_detail, name="scheme"),
    path("reciprocity/commitments/<int:pk>/payments/", views.payment_add, name="payment_add"),
    path(
        "reciprocity/commitments/<int:pk>/cancel/",
        views.commitment_cancel,
        name="commitment_cancel",
    ),
    # Public, without login.
    path("profiles/<str:slug>/", views.public_profile, name="public_profile"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify_code"),
]
