from django.urls import path

from osmari.employers import views

app_name = "employers"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_create, name="create"),
    path("contacts-due/", views.contacts_due, name="contacts_due"),
    path("gaps/", views.gap_view, name="gaps"),
    path("gaps/chart.svg", views.gap_chart, name="gaps_chart"),
    path("gaps/export.<str:fmt>", views.gap_export, name="gaps_export"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/colleagues/", views.colleagues, name="colleagues"),
    path("<int:pk>/stage/", views.stage_change, name="stage_change"),
    path("<int:pk>/activities/", views.activity_add, name="activity_add"),
    path("<int:pk>/letters/", views.letter_add, name="letter_add"),
    path("<int:pk>/letters/<int:letter_pk>/", views.letter_document, name="letter_document"),
    path("<int:pk>/contacts/", views.contact_add, name="contact_add"),
    path("<int:pk>/reductions/", views.reduction_add, name="reduction_add"),
    path("<int:pk>/contacts/<int:contact_pk>/remove/", views.contact_remove, name="contact_remove"),
    path("<int:pk>/positions/new/", views.position_edit, name="position_create"),
    path("<int:pk>/positions/<int:position_pk>/", views.position_edit, name="position_edit"),
    path(
        "<int:pk>/positions/<int:position_pk>/pause/", views.position_pause, name="position_pause"
    ),
]
