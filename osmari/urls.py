from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

admin.site.site_header = "Osmari"
admin.site.site_title = "Osmari"

handler500 = "osmari.core.views.server_error"

urlpatterns = [
    path("", include("osmari.accounts.urls")),
    path("", include("osmari.core.urls")),
    path("clients/", include("osmari.clients.urls")),
    path("screening/", include("osmari.screening.urls")),
    path("organisations/", include("osmari.employers.urls")),
    path("agreements/", include("osmari.agreements.urls")),
    path("placements/", include("osmari.placements.urls")),
    path("extracts/", include("osmari.extracts.urls")),
    path("matching/", include("osmari.matching.urls")),
    path("", include("osmari.feedback.urls")),
    path("", include("osmari.reciprocity.urls")),
    path("", include("osmari.reporting.urls")),
    path("privacy/", include("osmari.privacy.urls")),
    path("me/", include("osmari.participants.urls")),
    # A coach's part in the participant's view: staff pages, apart from /me/.
    path("participant-access/", include("osmari.participants.coach_urls")),
    path("participant-messages/", include("osmari.participants.message_urls")),
    path("api/", include("osmari.api.urls")),
    path("api-tokens/", include("osmari.api.page_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
