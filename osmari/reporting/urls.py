from django.urls import path

from osmari.reporting import (
    competence_views,
    dissemination_views,
    distance_views,
    fairness_views,
    municipal_views,
    open_data_views,
    outcome_views,
    partner_views,
    trial_views,
    views,
    workplan_views,
)

app_name = "reporting"

urlpatterns = [
    path("programme/", views.index, name="index"),
    path("programme/new/", views.programme_edit, name="programme_create"),
    path("programme/<int:pk>/", views.dashboard, name="dashboard"),
    path("programme/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programme/<int:pk>/targets.svg", views.targets_chart, name="targets_chart"),
    path("programme/<int:pk>/indicators/", views.indicator_table, name="indicators"),
    path(
        "programme/<int:pk>/indicators/<str:code>/people/",
        views.indicator_people,
        name="people",
    ),
    path(
        "programme/<int:pk>/organisations/",
        views.organisations_taking_part,
        name="taking_part",
    ),
    path("programme/<int:pk>/budget/", views.budget_view, name="budget"),
    path("programme/<int:pk>/budget/plan/", views.plan_edit, name="plan"),
    path("programme/<int:pk>/staff/new/", views.staff_edit, name="staff_create"),
    path("programme/<int:pk>/staff/<int:staff_pk>/edit/", views.staff_edit, name="staff_edit"),
    path("programme/<int:pk>/competence/", views.competence, name="competence"),
    path("programme/<int:pk>/workplan/", workplan_views.workplan_page, name="workplan"),
    path("programme/<int:pk>/workplan/new/", workplan_views.package_edit, name="package_create"),
    path(
        "programme/<int:pk>/workplan/<int:package_pk>/edit/",
        workplan_views.package_edit,
        name="package_edit",
    ),
    path(
        "programme/workplan/<int:package_pk>/milestones/new/",
        workplan_views.milestone_edit,
        name="milestone_create",
    ),
    path("programme/milestones/<int:pk>/", workplan_views.milestone_detail, name="milestone"),
    path(
        "programme/milestones/<int:milestone_pk>/edit/",
        workplan_views.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "programme/<int:pk>/competence/training/",
        competence_views.training_matrix,
        name="training_matrix",
    ),
    path(
        "programme/<int:pk>/dissemination/",
        dissemination_views.dissemination_page,
        name="dissemination",
    ),
    path(
        "programme/<int:pk>/dissemination/<int:item>/material/",
        dissemination_views.dissemination_material,
        name="dissemination_material",
    ),
    path("programme/<int:pk>/outcomes/", outcome_views.outcomes_page, name="outcomes"),
    path("programme/<int:pk>/outcomes.svg", outcome_views.outcomes_chart, name="outcomes_chart"),
    path("programme/<int:pk>/report/", views.report, name="report"),
    path("programme/<int:pk>/distance/", distance_views.distance_page, name="distance"),
    path("programme/<int:pk>/distance.svg", distance_views.distance_chart, name="distance_chart"),
    path("programme/<int:pk>/fairness/", fairness_views.fairness_view, name="fairness"),
    path("programme/<int:pk>/partners/", partner_views.partners_view, name="partners"),
    path("programme/staff/<int:pk>/", views.staff_detail, name="staff"),
    path("programme/goals/<int:pk>/achieved/", views.goal_achieved, name="goal_achieved"),
    path("work-trials/", trial_views.trial_patterns_view, name="trials"),
    path("programme/municipalities/", municipal_views.municipal_index, name="municipal_index"),
    path("programme/<int:pk>/municipalities/", municipal_views.shares_page, name="municipal"),
    path(
        "programme/<int:pk>/municipalities/shares/",
        municipal_views.shares_edit,
        name="municipal_shares",
    ),
    path(
        "programme/<int:pk>/municipalities/<int:municipality_pk>/",
        municipal_views.municipality_page,
        name="municipality",
    ),
    # Open data: public, aggregates only, from the frozen quarters.
    path("open-data/", open_data_views.index, name="open_data_index"),
    path("open-data/<slug:area_code>/", open_data_views.area_page, name="open_data_area"),
    path(
        "open-data/<slug:area_code>/indicators.csv",
        open_data_views.download,
        {"dataset": "indicators", "kind": "csv"},
        name="open_data_indicators_csv",
    ),
    path(
        "open-data/<slug:area_code>/indicators.json",
        open_data_views.download,
        {"dataset": "indicators", "kind": "json"},
        name="open_data_indicators_json",
    ),
    path(
        "open-data/<slug:area_code>/outcomes.csv",
        open_data_views.download,
        {"dataset": "outcomes", "kind": "csv"},
        name="open_data_outcomes_csv",
    ),
    path(
        "open-data/<slug:area_code>/outcomes.json",
        open_data_views.download,
        {"dataset": "outcomes", "kind": "json"},
        name="open_data_outcomes_json",
    ),
    path(
        "open-data/<slug:area_code>/catalog.jsonld",
        open_data_views.catalog,
        name="open_data_catalog",
    ),
]
