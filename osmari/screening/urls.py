from django.urls import path

from osmari.screening import views

app_name = "screening"

urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("clients/<int:pk>/eligibility/", views.eligibility, name="eligibility"),
    path("clients/<int:pk>/assessment/", views.assessment_add, name="assessment_add"),
    path("clients/<int:pk>/decision/", views.decision_add, name="decision_add"),
    path("decisions/<int:pk>/", views.decision_explanation, name="decision_explanation"),
    path("decisions/<int:pk>/reference/", views.decision_reference, name="decision_reference"),
]
