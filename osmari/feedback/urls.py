from django.urls import path

from osmari.feedback import six_month_views, views

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
]
