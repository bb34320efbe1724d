from django.urls import path

from osmari.reciprocity.views import aid, catalogue, events, profiles, public, subsidies

app_name = "reciprocity"

urlpatterns = [
    path("reciprocity/catalogue/", catalogue.catalogue, name="catalogue"),
    path(
        "reciprocity/catalogue/standard/", catalogue.catalogue_standard, name="catalogue_standard"
    ),
    path("reciprocity/catalogue/new/", catalogue.benefit_edit, name="benefit_create"),
    path("reciprocity/catalogue/<int:pk>/", catalogue.benefit_edit, name="benefit_edit"),
    path("reciprocity/events/", events.events, name="events"),
    path("reciprocity/events/new/", events.event_create, name="event_create"),
    path("reciprocity/events/<int:pk>/", events.event_detail, name="event"),
    path("reciprocity/events/<int:pk>/register/", events.event_register, name="event_register"),
    path("reciprocity/events/<int:pk>/attendance/", events.event_attendance, name="attendance"),
    path(
        "reciprocity/registrations/<int:pk>/cancel/",
        events.registration_cancel,
        name="registration_cancel",
    ),
    path("reciprocity/organisations/<int:pk>/", profiles.profile, name="profile"),
    path(
        "reciprocity/organisations/<int:pk>/deliveries/", profiles.delivery_add, name="delivery_add"
    ),
    path("reciprocity/organisations/<int:pk>/publish/", profiles.profile_publish, name="publish"),
    path(
        "reciprocity/organisations/<int:pk>/withdraw/", profiles.profile_withdraw, name="withdraw"
    ),
    path(
        "reciprocity/organisations/<int:pk>/certificate/",
        profiles.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "reciprocity/organisations/<int:pk>/summary-<int:year>.pdf",
        profiles.partner_summary_pdf,
        name="summary_pdf",
    ),
    path(
        "reciprocity/certificates/<str:code>.pdf", profiles.certificate_pdf, name="certificate_pdf"
    ),
    path(
        "reciprocity/agreements/<int:pk>/benefits/",
        catalogue.agreed_benefits,
        name="agreed_benefits",
    ),
    path("reciprocity/subsidies/", subsidies.subsidies, name="subsidies"),
    path("reciprocity/subsidies/new/", subsidies.scheme_create, name="scheme_create"),
    path("reciprocity/subsidies/<int:pk>/", subsidies.scheme_detail, name="scheme"),
    path("reciprocity/commitments/<int:pk>/payments/", subsidies.payment_add, name="payment_add"),
    path(
        "reciprocity/commitments/<int:pk>/cancel/",
        subsidies.commitment_cancel,
        name="commitment_cancel",
    ),
    path("reciprocity/de-minimis/", aid.aid, name="aid"),
    path("reciprocity/de-minimis/export.<str:fmt>", aid.aid_export, name="aid_export"),
    # Public, without login.
    path("profiles/<str:slug>/", public.public_profile, name="public_profile"),
    path("verify/", public.verify, name="verify"),
    path("verify/<str:code>/", public.verify, name="verify_code"),
]
