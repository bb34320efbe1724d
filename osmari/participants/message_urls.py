from django.urls import path

from osmari.participants import message_views

app_name = "participant_messages"

urlpatterns = [
    path("", message_views.message_list, name="list"),
    path("<int:pk>/handled/", message_views.message_handled, name="handled"),
]
