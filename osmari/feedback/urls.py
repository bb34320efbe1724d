from django.urls import path

from osmari.feedback import six_month_views, version_views, views

app_name = "feedback"

urlpatterns = [
    # The answer link: short, since it is also typed from a printed sheet.
    path("f/<str:token>/", views.answer, name="answer"),
    # The six-month follow-up's own link: two questions, answered on a phone.
    path("f6/<str:token>/", six_month_views.answer, name="six_month_answer"),
    path("feedback/six-months/<int:pk>/send/", six_month_views.link_send, name="six_month_send"),
    path("feedback/invitations/<int:pk>/sheet/", views.invitation_sheet, name="sheet"),
    path("feedback/invitations/<int:pk>/link/", views.invitation_link, name="link"),
    path("feedback/follow-ups/", views.follow_ups, name="follow_ups"),
    path("feedback/results/", views.results, name="results"),
    path("feedback/results/chart.svg", views.results_chart, name="results_chart"),
    path("feedback/results/export.<str:fmt>", views.results_export, name="results_export"),
    path("feedback/changes/", views.changes, name="changes"),
    path("feedback/follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    # A survey's versions: drafted, piloted and published in the application.
    path("feedback/surveys/", version_views.surveys, name="surveys"),
    path("feedback/surveys/<slug:key>/draft/", version_views.survey_draft, name="survey_draft"),
    path(
        "feedback/surveys/<slug:key>/compare/",
        version_views.survey_compare,
        name="survey_compare",
    ),
    path(
        "feedback/surveys/<slug:key>/<int:number>/",
        version_views.survey_version,
        name="survey_version",
    ),
    path(
        "feedback/surveys/<slug:key>/<int:number>/questions/add/",
        version_views.survey_question_add,
        name="survey_question_add",
    ),
    path(
        "feedback/surveys/<slug:key>/<int:number>/questions/<slug:question>/",
        version_views.survey_question,
        name="survey_question",
    ),
    path(
        "feedback/surveys/<slug:key>/<int:number>/questions/<slug:question>/remove/",
        version_views.survey_question_remove,
        name="survey_question_remove",
    ),
    path(
        "feedback/surveys/<slug:key>/<int:number>/pilot/",
        version_views.survey_pilot,
        name="survey_pilot",
    ),
    path(
        "feedback/surveys/<slug:key>/<int:number>/publish/",
        version_views.survey_publish,
        name="survey_publish",
    ),
]
