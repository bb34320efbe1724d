from django.urls import path

from osmari.clients import (
    appointment_views,
    coaching_views,
    follow_up_views,
    records_views,
    views,
    work_views,
)

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("eura/", views.eura_pending, name="eura_pending"),
    path("follow-ups/", work_views.follow_ups_due, name="follow_ups_due"),
    path("<int:pk>/follow-up/call/", follow_up_views.follow_up_call, name="follow_up_call"),
    path("import/", views.client_import, name="import"),
    path("import/<int:pk>/", views.import_run, name="import_run"),
    path("import/template.<str:fmt>", views.import_template, name="import_template"),
    path("consent-wordings/", views.consent_wordings, name="consent_wordings"),
    path(
        "consent-wordings/<str:purpose>/new/",
        views.consent_wording_new,
        name="consent_wording_new",
    ),
    path("activities/", coaching_views.activity_list, name="activities"),
    path("activities/group/", coaching_views.group_session, name="group_session"),
    path("activities/hours/", coaching_views.hours_summary, name="service_hours"),
    path("activity-kinds/", coaching_views.activity_kinds, name="activity_kinds"),
    path(
        "activity-kinds/retire/", coaching_views.activity_kind_retire, name="activity_kind_retire"
    ),
    path("<int:pk>/activities/new/", coaching_views.activity_add, name="activity_add"),
    path("<int:pk>/appointments/new/", appointment_views.appointment_book, name="appointment_book"),
    path(
        "<int:pk>/appointments/<int:appointment_pk>/cancel/",
        appointment_views.appointment_cancel,
        name="appointment_cancel",
    ),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/edit/", views.client_edit, name="edit"),
    path("<int:pk>/sensitive/", views.client_sensitive, name="sensitive"),
    path("<int:pk>/enrolment/", views.enrolment_edit, name="enrolment"),
    path("<int:pk>/spells/", views.spell_add, name="spell_add"),
    path("<int:pk>/spells/<int:spell_pk>/delete/", views.spell_delete, name="spell_delete"),
    path("<int:pk>/consents/", views.consent_give, name="consent_give"),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/journal/", views.journal_add, name="journal_add"),
    path(
        "<int:pk>/journal/<int:entry_pk>/",
        records_views.journal_entry,
        name="journal_entry",
    ),
    path(
        "<int:pk>/plan-steps/<int:step_pk>/edit/",
        records_views.plan_step_edit,
        name="plan_step_edit",
    ),
    path("<int:pk>/plans/<str:kind>/", records_views.plan_summary, name="plan_summary"),
    path("<int:pk>/plan-steps/", views.plan_step_add, name="plan_step_add"),
    path("<int:pk>/plan-reference/", views.plan_reference, name="plan_reference"),
    path("<int:pk>/plan-steps/<int:step_pk>/done/", views.plan_step_done, name="plan_step_done"),
    path("<int:pk>/stage/", views.stage_change, name="stage_change"),
    path("<int:pk>/interests/", views.interest_add, name="interest_add"),
    path("<int:pk>/interests/remove/", views.interest_remove, name="interest_remove"),
]
