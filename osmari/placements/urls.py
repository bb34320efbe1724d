from django.urls import path

from osmari.placements import (
    host_views,
    orientation_views,
    picker_views,
    proposal_views,
    records_views,
    views,
)

app_name = "placements"

urlpatterns = [
    path("", views.placement_list, name="list"),
    path("new/<int:client_pk>/", views.placement_create, name="create"),
    path(
        "new/<int:client_pk>/positions/",
        picker_views.position_search,
        name="position_search",
    ),
    path("records-to-check/", records_views.records_to_check, name="records_check"),
    path("<int:pk>/", views.placement_detail, name="detail"),
    path("<int:pk>/status/", views.placement_transition, name="transition"),
    path("<int:pk>/extend/", views.placement_extend, name="extend"),
    path("<int:pk>/outcome/", views.placement_outcome, name="outcome"),
    path("<int:pk>/reference/", views.placement_reference, name="reference"),
    path("<int:pk>/reviews/new/", views.review_add, name="review_add"),
    path("<int:pk>/plan.pdf", orientation_views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/plan/", orientation_views.plan_change, name="plan_change"),
    path("absences/<int:pk>/reported/", views.absence_reported, name="absence_reported"),
    path("proposals/new/<int:client_pk>/", proposal_views.proposal_create, name="proposal_create"),
    path(
        "proposals/<int:pk>/withdraw/", proposal_views.proposal_withdraw, name="proposal_withdraw"
    ),
    # The host organisation's own page.
    path("host/", host_views.host_list, name="host_list"),
    path("host/<int:pk>/", host_views.host_detail, name="host_detail"),
    path("host/<int:pk>/absences/", host_views.host_absence_add, name="host_absence_add"),
    path("host/<int:pk>/review/", host_views.host_review_part, name="host_review_part"),
    path("host/<int:pk>/view/", host_views.host_view, name="host_view"),
    path("host/<int:pk>/plan.pdf", orientation_views.host_plan_pdf, name="host_plan_pdf"),
    path(
        "host/<int:pk>/plan/accept/",
        orientation_views.host_plan_accept,
        name="host_plan_accept",
    ),
    path("host/proposals/", proposal_views.host_proposal_list, name="host_proposals"),
    path("host/proposals/<int:pk>/", proposal_views.host_proposal, name="host_proposal"),
    path(
        "host/proposals/<int:pk>/answer/",
        proposal_views.host_proposal_answer,
        name="host_proposal_answer",
    ),
]
